package io.daos.control.rpc.server.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import io.daos.control.api.log.RateLimitedLog;

/**
 * What a remote peer can make grpc-java and Netty log (garbage instead of the HTTP/2 preface, an
 * HTTP/1 request, a reset stream, an exception escaping a call): installed as the
 * {@link Filter} of those loggers, it turns each record that carries an exception into one line
 * without the stack trace, {@code <message>: <first line of the exception>}, logged at the
 * record's level through a {@link RateLimitedLog} (one line per cause per window, with the count
 * of the rest); the stack trace follows at FINE when that is enabled (-b). Records without an
 * exception pass unchanged. {@link #uninstall()} puts the loggers' own filters back.
 */
final class PeerLogFilter implements Filter {

    /** The loggers the transport reports peer-caused errors on (grpc-netty is shaded). */
    static final List<String> LOGGERS = List.of(
            "io.grpc.netty.shaded.io.grpc.netty.NettyServerTransport.connections",
            "io.grpc.netty.shaded.io.grpc.netty.NettyServerTransport",
            "io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler",
            "io.grpc.netty.shaded.io.grpc.netty.NettyServerStream",
            "io.grpc.netty.shaded.io.netty.channel.DefaultChannelPipeline",
            "io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2ConnectionHandler",
            "io.grpc.internal.SerializingExecutor",
            "io.grpc.internal.ServerImpl");

    private static final int MAX_TEXT = 200;
    private static final SimpleFormatter FORMAT = new SimpleFormatter();

    private final RateLimitedLog log;
    private final Logger out;
    /** Strong references: a JUL logger without one may be collected, and its filter with it. */
    private final List<Logger> loggers = new ArrayList<>();
    private final List<Filter> previous = new ArrayList<>();
    /** Records with an exception taken so far (for tests to wait on). */
    private final AtomicLong taken = new AtomicLong();

    /** Logging through {@code out}, one line per cause per {@link RateLimitedLog#DEFAULT_WINDOW}. */
    PeerLogFilter(Logger out) {
        this(out, new RateLimitedLog(out));
    }

    PeerLogFilter(Logger out, RateLimitedLog log) {
        this.out = out;
        this.log = log;
    }

    /** Becomes the filter of {@link #LOGGERS}. */
    synchronized void install() {
        for (String name : LOGGERS) {
            Logger l = Logger.getLogger(name);
            loggers.add(l);
            previous.add(l.getFilter());
            l.setFilter(this);
        }
    }

    /** Gives the loggers their previous filters back. */
    synchronized void uninstall() {
        for (int i = 0; i < loggers.size(); i++) {
            if (loggers.get(i).getFilter() == this) {
                loggers.get(i).setFilter(previous.get(i));
            }
        }
        loggers.clear();
        previous.clear();
    }

    @Override
    public boolean isLoggable(LogRecord r) {
        Throwable t = r.getThrown();
        if (t == null) {
            return true;
        }
        taken.incrementAndGet();
        String message = text(FORMAT.formatMessage(r));
        String cause = text(firstLine(t));
        Level level = r.getLevel();
        boolean logged = log.log(level, key(r.getLoggerName(), String.valueOf(r.getMessage()), t),
                () -> message + ": " + cause);
        if (logged && out.isLoggable(Level.FINE)) {
            out.log(Level.FINE, "stack trace of the line above", t);
        }
        return false;
    }

    /** How many records with an exception this filter has turned into (at most) one line. */
    long taken() {
        return taken.get();
    }

    /** The cause of a record: logger, exception class and message with numbers and hashes masked. */
    static String key(String logger, String message, Throwable t) {
        return logger + "|" + t.getClass().getName() + "|" + message.replaceAll("@?[0-9a-fA-F]*[0-9][0-9a-fA-F]*", "#");
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage();
        String s = t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String text(String s) {
        if (s == null) {
            return "";
        }
        s = s.replaceAll("\\s+", " ").strip();
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "..." : s;
    }
}
