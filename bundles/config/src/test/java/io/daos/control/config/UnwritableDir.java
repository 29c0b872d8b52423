package io.daos.control.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;

/** A directory this process cannot write to, for the active-config fallback tests. */
public final class UnwritableDir {

    private UnwritableDir() {
    }

    /**
     * Makes {@code dir} unwritable for this process: as root a read-only bind mount of it on
     * itself (else the immutable attribute), as another user mode 0555. Checked by trying to
     * create a file in it; skips only when no way works on this host.
     *
     * @return what undoes it
     */
    public static Runnable make(Path dir) throws Exception {
        Runnable undo;
        if ("root".equals(System.getProperty("user.name"))) {
            if (run("mount", "--bind", dir.toString(), dir.toString())) {
                undo = () -> run("umount", dir.toString());
                if (!run("mount", "-o", "remount,bind,ro", dir.toString())) {
                    undo.run();
                    undo = chattr(dir);
                }
            } else {
                undo = chattr(dir);
            }
        } else {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
            undo = () -> {
                try {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            };
        }
        Path probe = dir.resolve("probe");
        try {
            Files.createFile(probe);
        } catch (IOException expected) {
            return undo;
        }
        Files.delete(probe);
        undo.run();
        Assume.assumeTrue("config: could not make a directory unwritable on this host (needs root with mount or "
                + "chattr, or a non-root user); the active-config fallback is not tested", false);
        return undo;
    }

    private static Runnable chattr(Path dir) {
        run("chattr", "+i", dir.toString());
        return () -> run("chattr", "-i", dir.toString());
    }

    private static boolean run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
