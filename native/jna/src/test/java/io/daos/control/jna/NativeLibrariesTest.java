package io.daos.control.jna;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.sun.jna.Library;

import org.junit.Test;

public class NativeLibrariesTest {

    /** A library no host has. */
    interface Nowhere extends Library {
        int nowhere_call();
    }

    @Test
    public void libcLoadsOnceAndAnswers() throws Exception {
        LibC libc = NativeLibraries.libc();
        assertSame(libc, NativeLibraries.libc());
        assertTrue(libc.geteuid() >= 0);
        assertNotNull(libc.strerror(2));
    }

    @Test
    public void aMissingLibraryNamesItsPackageAndIsRemembered() {
        LibraryNotInstalledException first = null;
        try {
            NativeLibraries.load(Nowhere.class, "libnowhere", "libnowhere9", "nowhere-xyz", "libnowhere-xyz.so.9");
            fail("loaded a library that does not exist");
        } catch (LibraryNotInstalledException e) {
            first = e;
            assertEquals("libnowhere is not installed (install the Debian package libnowhere9)", e.getMessage());
            assertEquals("libnowhere", e.library());
            assertEquals("libnowhere9", e.debianPackage());
        }
        try {
            NativeLibraries.load(Nowhere.class, "libnowhere", "libnowhere9", "nowhere-xyz");
            fail("second load succeeded");
        } catch (LibraryNotInstalledException e) {
            assertSame(first, e);
        }
    }

    @Test
    public void versionedRuntimeNamesLoadWithoutTheDevSymlink() throws Exception {
        // libc.so.6 is versioned only, as Debian runtime packages are: the name list must reach it
        interface C2 extends Library {
            int getpid();
        }
        C2 c = NativeLibraries.load(C2.class, "libc", "libc6", "no-such-plain-name", "libc.so.6");
        assertEquals(ProcessHandle.current().pid(), c.getpid());
    }

    @Test(timeout = 60_000)
    public void killDeliversTheSignalAsked() throws Exception {
        // a shell that reports which of SIGINT/SIGTERM it got (the JDK itself can only send TERM/KILL);
        // started through env --default-signal=INT: a shell cannot trap a signal it inherited ignored
        // (as every command started in the background of a non-interactive shell does), and then
        // the SIGINT would be lost and the read below would never end
        Process p = new ProcessBuilder("env", "--default-signal=INT", "sh", "-c",
                "trap 'echo INT; exit 0' INT; trap 'echo TERM; exit 0' TERM;"
                + " echo ready; while :; do sleep 0.05; done").start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine());
            NativeLibraries.libc().kill((int) p.pid(), LibC.SIGINT);
            assertEquals("INT", out.readLine());
            assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
    }
}
