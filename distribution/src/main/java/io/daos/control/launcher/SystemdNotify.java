package io.daos.control.launcher;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The systemd notification protocol ({@code sd_notify(3)}) for {@code Type=notify}: when
 * {@code NOTIFY_SOCKET} is set, {@code READY=1} once the gRPC server answers, {@code STOPPING=1}
 * when a stop begins, and {@code STATUS=} lines on the way; without it every call does nothing.
 *
 * <p>The socket is an AF_UNIX datagram socket (a path, or {@code @name} in the abstract
 * namespace), which plain Java cannot send to: the messages go through {@link UnixDatagram}
 * (junixsocket from {@code lib/engine/}), one unbound socket sending each to the address (so a
 * systemd that re-executes and binds the socket anew is still reached). They come from the main
 * process itself and {@code NotifyAccess=main} accepts them. Should junixsocket be unusable (jars
 * missing, its native library cannot be loaded), {@code systemd-notify --pid=<our pid>} sends
 * them instead: as root it sends our pid's credentials, so the message is
 * still the main process's. The socket is opened on a thread of its own, overlapping start-up;
 * a message waits for it at most {@value #OPEN_WAIT_MS} ms. Failures are one warning, never an
 * error: the server runs on.
 */
final class SystemdNotify {

    /** The environment variable naming the socket. */
    static final String ENV = "NOTIFY_SOCKET";
    static final long OPEN_WAIT_MS = 10_000;
    private static final List<Path> COMMANDS = List.of(Path.of("/usr/bin/systemd-notify"),
            Path.of("/bin/systemd-notify"));

    /** Where messages go. */
    interface Sender {
        /** Sends one message (assignments separated by newlines). */
        void send(String message) throws IOException;
    }

    private final Log log;
    private final CompletableFuture<Sender> sender;
    private boolean warned;

    private SystemdNotify(Log log, CompletableFuture<Sender> sender) {
        this.log = log;
        this.sender = sender;
    }

    /** For this process: {@code NOTIFY_SOCKET} of the environment; junixsocket from {@code libDir}. */
    static SystemdNotify fromEnvironment(Log log, Path libDir) {
        return of(System.getenv(ENV), log, Pid.current(), COMMANDS, libDir);
    }

    /**
     * For the socket {@code socket} (null or empty: none, every call does nothing); {@code libDir}
     * holds the junixsocket jars ({@link UnixDatagram#load}); {@code pid} and the candidate
     * {@code systemd-notify} binaries serve the fallback.
     */
    static SystemdNotify of(String socket, Log log, long pid, List<Path> commands, Path libDir) {
        if (socket == null || socket.isEmpty()) {
            return new SystemdNotify(log, null);
        }
        CompletableFuture<Sender> f = new CompletableFuture<>();
        Thread t = new Thread(() -> f.complete(open(socket, log, pid, commands, libDir)), "daos-sd-notify");
        t.setDaemon(true);
        t.start();
        return new SystemdNotify(log, f);
    }

    /** junixsocket, else systemd-notify, else null (after a warning). */
    private static Sender open(String socket, Log log, long pid, List<Path> commands, Path libDir) {
        if (!socket.startsWith("/") && !socket.startsWith("@")) {
            log.warn(ENV + "=" + socket + " is not an AF_UNIX socket address; systemd is not notified");
            return null;
        }
        String why;
        try {
            return datagram(UnixDatagram.load(libDir), socket);
        } catch (IOException | RuntimeException | LinkageError e) {
            why = Log.oneLine(e);
        }
        for (Path c : commands) {
            if (Files.isExecutable(c)) {
                log.debug("systemd notifications through " + c + " (junixsocket: " + why + ")");
                return command(c, socket, pid);
            }
        }
        log.warn("systemd is not notified (" + ENV + "=" + socket + "): junixsocket: " + why
                + "; no systemd-notify in " + commands);
        return null;
    }

    /** Each message one datagram to {@code socket} from an unbound socket of {@code unix}. */
    private static Sender datagram(UnixDatagram unix, String socket) throws IOException {
        SocketAddress to = unix.address(socket);
        DatagramSocket s = unix.open();
        return message -> {
            byte[] b = message.getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(b, b.length, to));
        };
    }

    /** {@code systemd-notify --pid=<pid> <assignment>...} with NOTIFY_SOCKET set to {@code socket}. */
    private static Sender command(Path exe, String socket, long pid) {
        return message -> {
            List<String> cmd = new ArrayList<>(List.of(exe.toString(), "--pid=" + pid));
            cmd.addAll(List.of(message.split("\n")));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put(ENV, socket);
            Process p = pb.start();
            try {
                if (!p.waitFor(OPEN_WAIT_MS, TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IOException(exe + " did not exit within " + OPEN_WAIT_MS + " ms");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (p.exitValue() != 0) {
                throw new IOException(exe + " exited with status " + p.exitValue());
            }
        };
    }

    /** True if there is a socket to notify. */
    boolean enabled() {
        return sender != null;
    }

    /** {@code STATUS=<text>}. */
    void status(String text) {
        send(status0(text));
    }

    /** {@code READY=1} and {@code STATUS=<text>}: the server answers. */
    void ready(String text) {
        send("READY=1\n" + status0(text));
    }

    /** {@code STOPPING=1} and {@code STATUS=<text>}: a stop has begun. */
    void stopping(String text) {
        send("STOPPING=1\n" + status0(text));
    }

    /** One line: a newline would end the assignment. */
    private static String status0(String text) {
        return "STATUS=" + text.replace('\n', ' ');
    }

    private synchronized void send(String message) {
        if (sender == null) {
            return;
        }
        Sender s;
        try {
            s = sender.get(OPEN_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException e) {
            warnOnce("the notification socket was not opened within " + OPEN_WAIT_MS + " ms");
            return;
        }
        if (s == null) {
            return;
        }
        try {
            s.send(message);
        } catch (IOException | RuntimeException e) {
            warnOnce(Log.oneLine(e));
        }
    }

    private void warnOnce(String why) {
        if (!warned) {
            warned = true;
            log.warn("systemd notification failed: " + why);
        }
    }
}
