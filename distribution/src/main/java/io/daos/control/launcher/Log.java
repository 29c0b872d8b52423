package io.daos.control.launcher;

import java.io.PrintStream;

/** The launcher's own output: INFO bare on stdout, errors {@code ERROR: } on stderr. */
final class Log {

    private final PrintStream out;
    private final PrintStream err;
    private final boolean debug;

    Log(PrintStream out, PrintStream err, boolean debug) {
        this.out = out;
        this.err = err;
        this.debug = debug;
    }

    void info(String msg) {
        synchronized (out) {
            out.println(msg);
            out.flush();
        }
    }

    void debug(String msg) {
        if (debug) {
            info("DEBUG " + msg);
        }
    }

    void warn(String msg) {
        synchronized (err) {
            err.println("WARNING: " + msg);
            err.flush();
        }
    }

    void error(String msg) {
        synchronized (err) {
            err.println("ERROR: " + msg);
            err.flush();
        }
    }

    /** The first line of a throwable's message (or its class name), for one-line reports. */
    static String oneLine(Throwable t) {
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
