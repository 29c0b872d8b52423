package io.daos.control.launcher;

import java.io.PrintStream;

/**
 * The launcher's own output: INFO bare on stdout, DEBUG (with {@code -b}) {@code DEBUG } on stdout,
 * warnings {@code WARNING: } and errors {@code ERROR: } on stderr (SPEC-SERVER §2.1).
 */
public final class Log {

    private final PrintStream out;
    private final PrintStream err;
    private final boolean debug;

    /** A console on {@code out} / {@code err}; {@code debug} shows DEBUG lines. */
    public Log(PrintStream out, PrintStream err, boolean debug) {
        this.out = out;
        this.err = err;
        this.debug = debug;
    }

    /** One INFO message, bare on stdout. */
    public void info(String msg) {
        synchronized (out) {
            out.println(msg);
            out.flush();
        }
    }

    /** One DEBUG message ({@code -b} only). */
    public void debug(String msg) {
        if (debug) {
            info("DEBUG " + msg);
        }
    }

    /** {@code WARNING: <msg>} on stderr. */
    public void warn(String msg) {
        synchronized (err) {
            err.println("WARNING: " + msg);
            err.flush();
        }
    }

    /** {@code ERROR: <msg>} on stderr. */
    public void error(String msg) {
        synchronized (err) {
            err.println("ERROR: " + msg);
            err.flush();
        }
    }

    /** The first line of a throwable's message (or its class name), for one-line reports. */
    public static String oneLine(Throwable t) {
        Throwable c = t;
        String m = c.getMessage();
        while ((m == null || m.isBlank()) && c.getCause() != null) {
            c = c.getCause();
            m = c.getMessage();
        }
        if (m == null || m.isBlank()) {
            return c.getClass().getName();
        }
        m = m.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }
}
