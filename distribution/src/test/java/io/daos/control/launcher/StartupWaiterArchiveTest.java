package io.daos.control.launcher;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The class-data archive of a start is marked usable only by a start that became ready. */
public class StartupWaiterArchiveTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aReadyStartMarksItsArchiveAndNoArchiveMeansNoMark() throws Exception {
        Path archive = tmp.getRoot().toPath().resolve("daos_server-1.jsa.tmp42");
        StartupWaiter.markArchiveUsable(archive.toString());
        assertTrue(Files.exists(Path.of(archive + ".ok")));
        StartupWaiter.markArchiveUsable(null);
        StartupWaiter.markArchiveUsable(tmp.getRoot().toPath().resolve("absent/dir/x.jsa.tmp1").toString());
        assertFalse(Files.exists(tmp.getRoot().toPath().resolve("absent")));
    }
}
