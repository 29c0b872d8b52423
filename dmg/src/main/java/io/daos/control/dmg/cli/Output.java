package io.daos.control.dmg.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import io.daos.control.api.fault.FaultException;

/**
 * The output conventions of {@code dmg} (SPEC-SYSTEM §6.4): info messages on stdout, errors on
 * stderr with {@code ERROR: }, debug messages (only with {@code -d}) on stdout with
 * {@code DEBUG HH:MM:SS.micro <source>: }, each message ending in one newline; with {@code -j}
 * every message is one JSON line instead. Commands print a structured result with
 * {@link #document(String)}. Not thread-safe; a command prints from one thread.
 */
public final class Output {

    /** The program name in fatal errors ({@code ERROR: dmg: ...}). */
    public static final String PROGRAM = "dmg";

    /** The time formats, loaded only when a line needs a time (plain info and errors do not). */
    private static final class Formats {
        static final DateTimeFormatter DEBUG_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");
        static final DateTimeFormatter JSON_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXX");
        static final DateTimeFormatter JSON_DEBUG_TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXX");
    }

    private final PrintStream out;
    private final PrintStream err;
    private Clock clock;
    private boolean debug;
    private boolean json;
    private InputStream in = new ByteArrayInputStream(new byte[0]);
    private boolean terminal;

    /** An output on the given streams, stamping times from {@code clock}. */
    public Output(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /**
     * An output on the given streams with the system clock in the local zone, looked up only when
     * a time is first printed (the time-zone data costs start-up time).
     */
    public Output(PrintStream out, PrintStream err) {
        this(out, err, null);
    }

    private ZonedDateTime now() {
        if (clock == null) {
            clock = Clock.systemDefaultZone();
        }
        return ZonedDateTime.now(clock);
    }

    /**
     * The console side of this output: where answers to prompts are read ({@code storage prepare}'s
     * consent; an empty stream until set) and whether stdout is a terminal (progress lines are drawn
     * only then; false until set). {@code Main} passes {@code System.in} and whether the process has a
     * console; tests pass their own.
     *
     * @return this
     */
    public Output interactive(InputStream stdin, boolean stdoutIsTerminal) {
        this.in = stdin;
        this.terminal = stdoutIsTerminal;
        return this;
    }

    /** Where a prompt's answer is read from. */
    public InputStream in() {
        return in;
    }

    /** Whether stdout is a terminal. */
    public boolean isTerminal() {
        return terminal;
    }

    /**
     * Raw text on stderr, as given (no prefix, no newline added), flushed at once: a progress line
     * redrawn with carriage returns.
     */
    public void progress(String text) {
        err.print(text);
        err.flush();
    }

    /** Shows debug messages from now on ({@code -d}); logs {@code debug output enabled}. */
    public void enableDebug() {
        debug = true;
        debug("debug output enabled");
    }

    /** Writes JSON lines from now on ({@code -j}). */
    public void enableJson() {
        json = true;
    }

    /** Whether debug messages are shown. */
    public boolean isDebug() {
        return debug;
    }

    /** Whether messages are JSON lines. */
    public boolean isJson() {
        return json;
    }

    /** An info message on stdout. */
    public void info(String message) {
        if (json) {
            out.print(jsonLine("INFO", Formats.JSON_TIME, null, message));
        } else {
            out.print(line(message));
        }
        out.flush();
    }

    /** An error message on stderr. */
    public void error(String message) {
        if (json) {
            err.print(jsonLine("ERROR", Formats.JSON_TIME, null, message));
        } else {
            err.print(line("ERROR: " + message));
        }
        err.flush();
    }

    /** A debug message on stdout, only with {@code -d}; the source is the caller's file and line. */
    public void debug(String message) {
        if (!debug) {
            return;
        }
        StackWalker.StackFrame f = StackWalker.getInstance()
                .walk(s -> s.filter(fr -> !fr.getClassName().equals(Output.class.getName())).findFirst())
                .orElse(null);
        String source = f == null ? "?" : f.getFileName() + ":" + f.getLineNumber();
        if (json) {
            out.print(jsonLine("DEBUG", Formats.JSON_DEBUG_TIME, source, message));
        } else {
            out.print(line("DEBUG " + now().format(Formats.DEBUG_TIME) + " " + source + ": " + message));
        }
        out.flush();
    }

    /** One structured result (a JSON document) on stdout, as given, followed by a newline. */
    public void document(String jsonDocument) {
        out.print(line(jsonDocument));
        out.flush();
    }

    /**
     * The fatal-error lines: {@code dmg: <text>}, and {@code dmg: <resolution line>} when a
     * fault with a resolution is found among the causes.
     */
    public void fatal(Throwable e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        error(PROGRAM + ": " + text);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FaultException fe) {
                if (fe.fault().hasResolution()) {
                    error(PROGRAM + ": " + fe.fault().resolutionLine());
                }
                break;
            }
        }
    }

    private static String line(String message) {
        return message.endsWith("\n") ? message : message + "\n";
    }

    private String jsonLine(String level, DateTimeFormatter time, String source, String message) {
        StringBuilder sb = new StringBuilder(64 + message.length());
        sb.append("{\"level\":\"").append(level).append("\",\"time\":\"")
                .append(now().format(time)).append('"');
        if (source != null) {
            sb.append(",\"source\":");
            Json.string(sb, source);
        }
        sb.append(",\"message\":");
        Json.string(sb, message);
        return sb.append("}\n").toString();
    }
}
