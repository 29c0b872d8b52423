package io.daos.control.itest.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.newsclub.net.unix.AFSocketType;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import io.daos.control.proto.drpc.Call;
import io.daos.control.proto.drpc.Response;

/**
 * A connection flood against a running dRPC listener, the way any local user can do it (issue 10
 * point 5): opens {@code attempts} connections to the socket, finds out which ones the server
 * serves (each gets one call to an unknown module; a served connection answers it, a refused one
 * reads EOF) and keeps the served ones open. With a pid it reads the server's {@code VmRSS} from
 * {@code /proc/<pid>/status} before the flood and while the connections are held.
 *
 * <p>Run against a node's control socket (for example one started by {@code bin/daos_server start}):
 * {@code mvn -B -o -pl itest test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.daos.control.itest.bench.DrpcFloodBench
 * -Dexec.args="<socket_dir>/daos_server.sock <daos_server pid> [attempts, default 5000]"}.
 * {@code DrpcFloodIT} runs the same flood against a fresh node and prints the numbers.
 */
public final class DrpcFloodBench {

    /** A module id no server has: its reply (UNKNOWN_MODULE) proves the connection is served. */
    static final int PROBE_MODULE = 255;

    private DrpcFloodBench() {
    }

    /** The connections of one flood; closing it closes every one still open. */
    public static final class Flood implements AutoCloseable {
        /** Connections attempted. */
        public final int attempted;
        /** Connections the server answered on (held open until {@link #close}). */
        public final List<AFUNIXDatagramSocket> held = new ArrayList<>();
        /** Connections the server accepted and closed at once. */
        public int refused;
        /** Connect calls that failed (no socket, backlog full with a non-blocking connect...). */
        public int connectFailed;
        /** Wall time of the flood and the probes, ms. */
        public long millis;

        Flood(int attempted) {
            this.attempted = attempted;
        }

        @Override
        public void close() {
            held.forEach(AFUNIXDatagramSocket::close);
            held.clear();
        }

        @Override
        public String toString() {
            return attempted + " attempted: " + held.size() + " held, " + refused + " refused, " + connectFailed
                    + " connect failures, " + millis + " ms";
        }
    }

    /**
     * Opens {@code attempts} connections to {@code socket} and sorts them into held and refused.
     * Every connection is opened before any is probed, so the server sees them all at once.
     */
    public static Flood flood(Path socket, int attempts) throws IOException {
        Flood f = new Flood(attempts);
        long t0 = System.nanoTime();
        List<AFUNIXDatagramSocket> open = new ArrayList<>();
        AFUNIXSocketAddress addr = AFUNIXSocketAddress.of(socket);
        try {
            for (int i = 0; i < attempts; i++) {
                AFUNIXDatagramSocket s = AFUNIXDatagramSocket.newInstance(AFSocketType.SOCK_SEQPACKET);
                try {
                    s.connect(addr);
                    open.add(s);
                } catch (IOException e) {
                    f.connectFailed++;
                    s.close();
                }
            }
            byte[] probe = Call.newBuilder().setModule(PROBE_MODULE).setSequence(1).build().toByteArray();
            byte[] buf = new byte[65536];
            for (AFUNIXDatagramSocket s : open) {
                if (served(s, probe, buf)) {
                    f.held.add(s);
                } else {
                    f.refused++;
                    s.close();
                }
            }
        } catch (IOException | RuntimeException e) {
            open.forEach(AFUNIXDatagramSocket::close);
            throw e;
        }
        f.millis = (System.nanoTime() - t0) / 1_000_000;
        return f;
    }

    private static boolean served(AFUNIXDatagramSocket s, byte[] probe, byte[] buf) {
        try {
            s.setSoTimeout(10_000);
            s.send(new DatagramPacket(probe, probe.length));
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            s.receive(in);
            if (in.getLength() <= 0) {
                return false;
            }
            Response.parseFrom(java.util.Arrays.copyOf(buf, in.getLength()));
            return true;
        } catch (IOException e) {
            return false; // EOF (junixsocket reports it as a timeout), reset or broken pipe: refused
        }
    }

    /** {@code VmRSS} of {@code pid} in KiB, from {@code /proc/<pid>/status}. */
    public static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for pid " + pid);
    }

    /** Threads of {@code pid}, from {@code /proc/<pid>/status}. */
    public static int threads(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no Threads line for pid " + pid);
    }

    /** Prints the flood's numbers for {@code socket} (and the server's RSS when a pid is given). */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: DrpcFloodBench <dRPC socket> [server pid] [attempts]");
            System.exit(2);
        }
        Path socket = Path.of(args[0]);
        long pid = args.length > 1 ? Long.parseLong(args[1]) : -1;
        int attempts = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        for (String line : measure(socket, pid, attempts)) {
            System.out.println(line);
        }
    }

    /** Runs one flood and returns the report lines (also used by {@code DrpcFloodIT}). */
    public static List<String> measure(Path socket, long pid, int attempts) throws IOException {
        List<String> out = new ArrayList<>();
        long before = pid > 0 ? rssKib(pid) : -1;
        int threadsBefore = pid > 0 ? threads(pid) : -1;
        try (Flood f = flood(socket, attempts)) {
            out.add("[measure] DrpcFlood " + socket.getFileName() + ": " + f);
            if (pid > 0) {
                out.add("[measure] DrpcFlood server VmRSS before " + before + " KiB, with " + f.held.size()
                        + " connections held and " + f.refused + " refused " + rssKib(pid) + " KiB; threads "
                        + threadsBefore + " -> " + threads(pid));
            }
        }
        return out;
    }
}
