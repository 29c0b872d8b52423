package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ProvisionStateTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** The file's identity (device and inode): a save replaces the file by a new one. */
    private static Object identity(Path file) throws Exception {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    @Test
    public void aSaveRewritesTheFileOnlyWhenSomethingChanged() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("cache").resolve(ProvisionState.FILE_NAME);
        ProvisionState s = new ProvisionState(file);
        s.save();
        assertTrue("written the first time, empty", Files.isRegularFile(file));
        s.put("daos:system/a.jar", "1:2");
        s.save();
        Object written = identity(file);

        ProvisionState again = new ProvisionState(file);
        assertEquals("1:2", again.get("daos:system/a.jar"));
        again.put("daos:system/a.jar", "1:2");
        again.remove("daos:system/never-there.jar");
        again.save();
        assertEquals("the same values: not rewritten", written, identity(file));

        again.put("daos:system/a.jar", "1:3");
        again.save();
        Object changed = identity(file);
        assertNotEquals("a new fingerprint is written", written, changed);
        assertEquals("1:3", new ProvisionState(file).get("daos:system/a.jar"));

        again.remove("daos:system/a.jar");
        again.save();
        assertNotEquals("a removal is written", changed, identity(file));
        assertNull(new ProvisionState(file).get("daos:system/a.jar"));

        Files.delete(file);
        again.save();
        assertTrue("a missing file is written even without a change", Files.isRegularFile(file));
    }
}
