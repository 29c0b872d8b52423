package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PidTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void isTheProcessHandlesPid() {
        assertEquals(ProcessHandle.current().pid(), Pid.current());
    }

    @Test
    public void withoutAUsableLinkItIsTheProcessHandlesPid() throws Exception {
        long pid = ProcessHandle.current().pid();
        assertEquals("no such link", pid, Pid.read(tmp.getRoot().toPath().resolve("none")));
        Path notANumber = Files.createSymbolicLink(tmp.getRoot().toPath().resolve("self"), Path.of("abc"));
        assertEquals("not a number", pid, Pid.read(notANumber));
        Path other = Files.createSymbolicLink(tmp.getRoot().toPath().resolve("other"), Path.of("4242"));
        assertEquals("the number the link names", 4242, Pid.read(other));
    }
}
