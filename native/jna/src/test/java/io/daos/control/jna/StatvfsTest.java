package io.daos.control.jna;

import static io.daos.control.jna.NativeTestSupport.layout;
import static io.daos.control.jna.NativeTestSupport.onPath;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;

import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** statvfs(3) through {@link LibC}: the struct layout against glibc's header, and real filesystems. */
public class StatvfsTest {

    private static final int ENOENT = 2;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void conveniencesMultiplyByTheFragmentSize() {
        Statvfs s = new Statvfs();
        s.f_bsize = 1 << 20;
        s.f_frsize = 4096;
        s.f_blocks = 1000;
        s.f_bfree = 300;
        s.f_bavail = 250;
        assertEquals(4096L * 1000, s.totalBytes());
        assertEquals(4096L * 250, s.availableBytes());
    }

    @Test
    public void rootFilesystemHasASize() throws Exception {
        Statvfs s = new Statvfs();
        assertEquals(0, NativeLibraries.libc().statvfs("/", s));
        assertTrue("f_frsize " + s.f_frsize, s.f_frsize > 0);
        assertTrue("total " + s.totalBytes(), s.totalBytes() > 0);
        assertTrue("available " + s.availableBytes() + " of " + s.totalBytes(),
                s.availableBytes() >= 0 && s.availableBytes() <= s.totalBytes());
        assertTrue("f_namemax " + s.f_namemax, s.f_namemax >= 14);
        assertEquals("as the JDK's FileStore", Files.getFileStore(Path.of("/")).getTotalSpace(), s.totalBytes());
    }

    @Test
    public void freshTmpfsReportsItsSize() throws Exception {
        LibC libc = NativeLibraries.libc();
        Assume.assumeTrue("mounting a tmpfs needs root (euid is " + libc.geteuid() + "): run the build as root",
                libc.geteuid() == 0);
        String dir = tmp.newFolder("tmpfs").toString();
        libc.mount("tmpfs", dir, "tmpfs", new NativeLong(LibC.MS_NOATIME), "size=16m");
        try {
            Statvfs s = new Statvfs();
            assertEquals(0, libc.statvfs(dir, s));
            assertEquals(16L << 20, s.totalBytes());
            assertEquals("empty", 16L << 20, s.availableBytes());
            Files.write(Path.of(dir, "one-mib"), new byte[1 << 20]);
            Statvfs after = new Statvfs();
            libc.statvfs(dir, after);
            assertEquals(15L << 20, after.availableBytes());
        } finally {
            libc.umount2(dir, 0);
        }
    }

    @Test
    public void missingPathIsEnoent() throws Exception {
        LibC libc = NativeLibraries.libc();
        String missing = tmp.getRoot().toPath().resolve("nope").toString();
        try {
            libc.statvfs(missing, new Statvfs());
            fail("statvfs of a missing path must fail");
        } catch (LastErrorException e) {
            assertEquals(ENOENT, e.getErrorCode());
            assertEquals("No such file or directory", libc.strerror(e.getErrorCode()));
        }
    }

    /** Compiles a probe against glibc's sys/statvfs.h and compares size and offsets. */
    @Test
    public void layoutMatchesGlibc() throws Exception {
        Assume.assumeTrue("no C compiler (gcc) to check the layout: apt-get install gcc", onPath("gcc"));
        Map<String, Integer> got = layout(tmp.getRoot().toPath(), "sys/statvfs.h", "statvfs", "f_bsize", "f_frsize",
                "f_blocks", "f_bfree", "f_bavail", "f_files", "f_ffree", "f_favail", "f_fsid", "f_flag", "f_namemax",
                "__f_spare");
        Probe s = new Probe();
        assertEquals(Integer.valueOf(s.size()), got.get("size"));
        assertEquals(12, s.fields().size());
        for (String f : s.fields()) {
            assertEquals(f, got.get(f), Integer.valueOf(s.offset(f)));
        }
    }

    /** Exposes the protected field order and offsets. */
    private static final class Probe extends Statvfs {
        java.util.List<String> fields() {
            return getFieldOrder();
        }

        int offset(String field) {
            return fieldOffset(field);
        }
    }
}
