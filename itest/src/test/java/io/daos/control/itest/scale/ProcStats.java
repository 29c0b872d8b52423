package io.daos.control.itest.scale;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a process holds now, read from Linux's {@code /proc/<pid>}: its thread count (the
 * {@code Threads:} line of {@code status}), its open file descriptors ({@code fd} entries) and
 * how many of those are sockets (links to {@code socket:[inode]}). A scale benchmark samples an
 * access point with it before, during and after many fanouts, to show that none of the three
 * grows with the number of calls.
 */
public record ProcStats(int threads, int fds, int sockets) {

    /** A sample of process {@code pid} (IOException when it is gone). */
    public static ProcStats of(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        int threads = -1;
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.substring("Threads:".length()).trim());
            }
        }
        if (threads < 0) {
            throw new IOException("no Threads line in " + proc.resolve("status"));
        }
        int fds = 0;
        int sockets = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : dir) {
                fds++;
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        sockets++;
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor was closed between the listing and the read: counted, not a socket
                }
            }
        }
        return new ProcStats(threads, fds, sockets);
    }

    /** The largest of each count of this sample and {@code o}. */
    public ProcStats max(ProcStats o) {
        return new ProcStats(Math.max(threads, o.threads), Math.max(fds, o.fds), Math.max(sockets, o.sockets));
    }

    @Override
    public String toString() {
        return threads + " threads, " + fds + " fds (" + sockets + " sockets)";
    }
}
