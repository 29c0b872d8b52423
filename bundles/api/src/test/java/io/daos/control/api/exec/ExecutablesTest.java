package io.daos.control.api.exec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The lookup over temporary directories: order, what counts as executable, the fallbacks. */
public class ExecutablesTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path a;
    private Path b;
    private Path c;

    @Before
    public void setUp() throws Exception {
        a = tmp.newFolder("a").toPath();
        b = tmp.newFolder("b").toPath();
        c = tmp.newFolder("c").toPath();
    }

    private static Path file(Path dir, String name, String mode) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    private static String path(Path... dirs) {
        StringBuilder sb = new StringBuilder();
        for (Path d : dirs) {
            sb.append(sb.length() == 0 ? "" : ":").append(d);
        }
        return sb.toString();
    }

    @Test
    public void theFirstDirectoryHoldingAnExecutableFileWins() throws Exception {
        file(a, "tool", "rw-r--r--");
        Path inB = file(b, "tool", "rwxr-xr-x");
        file(c, "tool", "rwxr-xr-x");
        assertEquals(Optional.of(inB), Executables.onPath("tool", path(a, b, c)));
        assertEquals(Optional.of(c.resolve("tool")), Executables.onPath("tool", path(c, b)));
    }

    @Test
    public void aDirectoryOfTheNameIsNotAProgram() throws Exception {
        Files.createDirectory(a.resolve("tool"));
        assertEquals(Optional.empty(), Executables.onPath("tool", path(a)));
        Path inB = file(b, "tool", "rwx------");
        assertEquals(Optional.of(inB), Executables.onPath("tool", path(a, b)));
    }

    @Test
    public void emptyEntriesAreSkipped() throws Exception {
        Path inB = file(b, "tool", "rwxr-xr-x");
        assertEquals(Optional.of(inB), Executables.onPath("tool", ":" + a + "::" + b + ":"));
        assertEquals(Optional.empty(), Executables.onPath("tool", ""));
        assertEquals(Optional.empty(), Executables.onPath("tool", ":::"));
    }

    @Test
    public void noNameOrNoPathFindsNothing() {
        assertEquals(Optional.empty(), Executables.onPath(null, "/bin:/usr/bin"));
        assertEquals(Optional.empty(), Executables.onPath("", "/bin:/usr/bin"));
        assertEquals(Optional.empty(), Executables.onPath("sh", null));
    }

    @Test
    public void thisProcessPathIsSearched() {
        assertTrue("sh on PATH", Executables.onPath("sh").isPresent());
        assertEquals(Optional.empty(), Executables.onPath("no-such-tool-daos-xyz"));
    }

    @Test
    public void findTriesThePathThenTheFallbacksInOrder() throws Exception {
        file(a, "tool", "rw-r--r--");
        Path inB = file(b, "tool", "rwxr-xr-x");
        Path inC = file(c, "tool", "rwxr-xr-x");
        Path none = tmp.newFolder("none").toPath();
        assertEquals(Optional.of(inB), Executables.find("tool", path(none), null, a, b, c));
        assertEquals("PATH first", Optional.of(inC), Executables.find("tool", path(c), b));
        assertEquals(Optional.of(inB), Executables.find("tool", null, b));
        assertEquals(Optional.empty(), Executables.find("tool", path(none), a, none));
        assertEquals(Optional.empty(), Executables.find("tool", path(none)));
    }

    @Test
    public void isExecutableMeansARegularFileWithTheExecuteBit() throws Exception {
        assertTrue(Executables.isExecutable(file(a, "x", "r-x------")));
        assertFalse(Executables.isExecutable(file(a, "r", "rw-rw-rw-")));
        assertFalse("a directory", Executables.isExecutable(b));
        assertFalse("missing", Executables.isExecutable(a.resolve("missing")));
    }
}
