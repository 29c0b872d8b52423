package io.daos.control.launcher;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * {@code --syslog}: INFO, WARNING and ERROR records (never DEBUG, as the reference) sent to the
 * local syslog daemon, one datagram each, as {@code <PRI>Mmm dd hh:mm:ss daos_server[<pid>]: <msg>}
 * (facility daemon; severity err, warning or info) — the form Go's log/syslog sends to the local
 * socket.
 *
 * <p>The socket is {@code /dev/log}, an AF_UNIX datagram socket, which Java 17 cannot send to:
 * {@link UnixDatagram} opens it (junixsocket from its jars in {@code lib/engine/}, the engine
 * emulator's, through a class loader of its own). When that socket cannot be opened (no syslog
 * daemon, no jars) the handler falls back to UDP {@code 127.0.0.1:514} and says so once.
 * {@code daos.syslog.address} chooses another target: a path (AF_UNIX) or
 * {@code udp:<host>:<port>}. A datagram that cannot be sent is dropped (the first failure is
 * reported to the {@link ErrorManager}, i.e. stderr): syslog never stops the server.
 */
final class SyslogHandler extends Handler {

    static final String ADDRESS = "daos.syslog.address";
    static final String DEFAULT_SOCKET = "/dev/log";
    static final String FALLBACK = "udp:127.0.0.1:514";
    /** LOG_DAEMON. */
    static final int FACILITY = 3;
    private static final int MAX_DATAGRAM = 2048;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

    private final DatagramSocket socket;
    private final SimpleFormatter messages = new SimpleFormatter();
    private final String tag;
    private final String target;

    SyslogHandler(DatagramSocket connected, String target, String tag) {
        this.socket = connected;
        this.target = target;
        this.tag = tag;
        setLevel(Level.INFO);
    }

    /** Where it sends: a socket path or {@code udp:host:port}. */
    String target() {
        return target;
    }

    /**
     * Opens the syslog target of {@code address} (null or empty: {@value #DEFAULT_SOCKET});
     * {@code libDir} holds the junixsocket jars. A path that cannot be opened falls back to
     * {@value #FALLBACK}; {@code fellBack} hears why.
     */
    static SyslogHandler open(String address, Path libDir, Consumer<String> fellBack)
            throws IOException {
        String a = address == null || address.isBlank() ? DEFAULT_SOCKET : address.strip();
        String tag = Cli.PROGRAM + "[" + Pid.current() + "]";
        if (a.startsWith("udp:")) {
            return new SyslogHandler(udp(a), a, tag);
        }
        try {
            return new SyslogHandler(unix(Path.of(a), libDir), a, tag);
        } catch (IOException | RuntimeException | LinkageError e) {
            fellBack.accept("syslog: cannot use " + a + " (" + Log.oneLine(e) + "); sending to " + FALLBACK + " instead");
            return new SyslogHandler(udp(FALLBACK), FALLBACK, tag);
        }
    }

    /** {@code udp:host:port}, connected. */
    static DatagramSocket udp(String address) throws IOException {
        String hp = address.substring("udp:".length());
        int colon = hp.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(hp.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            port = -1;
        }
        if (colon <= 0 || port < 1 || port > 65535) {
            throw new IllegalArgumentException(ADDRESS + ": \"" + address + "\" is not udp:<host>:<port>");
        }
        DatagramSocket s = new DatagramSocket();
        s.connect(new InetSocketAddress(hp.substring(0, colon), port));
        return s;
    }

    /** An AF_UNIX datagram socket connected to {@code path}, from junixsocket in {@code libDir}. */
    static DatagramSocket unix(Path path, Path libDir) throws IOException {
        if (!Files.exists(path)) {
            throw new IOException("no such socket");
        }
        return UnixDatagram.load(libDir).connect(path.toString());
    }

    /** The syslog severity of a JUL level: err (3), warning (4) or info (6). */
    static int severity(Level l) {
        int v = l.intValue();
        return v >= Level.SEVERE.intValue() ? 3 : v >= Level.WARNING.intValue() ? 4 : 6;
    }

    /** One datagram's text. */
    String line(LogRecord r, ZoneId zone) {
        String msg;
        try {
            msg = messages.formatMessage(r);
        } catch (RuntimeException e) {
            msg = String.valueOf(r.getMessage());
        }
        if (r.getThrown() != null) {
            msg = msg + ": " + Log.oneLine(r.getThrown());
        }
        String stamp = STAMP.format(ZonedDateTime.ofInstant(r.getInstant(), zone));
        return "<" + (FACILITY * 8 + severity(r.getLevel())) + ">" + stamp + " " + tag + ": " + msg.replace('\n', ' ');
    }

    @Override
    public void publish(LogRecord r) {
        if (!isLoggable(r)) {
            return;
        }
        byte[] b = line(r, ZoneId.systemDefault()).getBytes(StandardCharsets.UTF_8);
        try {
            socket.send(new DatagramPacket(b, Math.min(b.length, MAX_DATAGRAM)));
        } catch (IOException | RuntimeException e) {
            reportError("syslog: cannot send to " + target, e, ErrorManager.WRITE_FAILURE);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        socket.close();
    }
}
