package io.daos.control.dmg.cmd.storage;

import io.daos.control.dmg.cli.Output;

/**
 * The progress line of {@code storage format} (not in the reference, which waits silently for up
 * to two hours): {@code Formatting: <done>/<total> hosts} on stderr, redrawn in place with a
 * carriage return each time a host's reply arrives, and blanked out (carriage return, blanks,
 * carriage return) before the results are printed. Drawn only when stdout is a terminal and not
 * with {@code -j}, so pipes, scripts and tests of the text see only the result. Thread-safe: hosts
 * report from the call threads.
 */
final class Progress {

    private final Output out;
    private final int total;
    private final boolean shown;
    private int done;
    private int width;

    /** A progress over {@code total} hosts, drawn at once as {@code 0/<total>} when shown. */
    Progress(Output out, int total) {
        this.out = out;
        this.total = total;
        this.shown = out.isTerminal() && !out.isJson();
        draw();
    }

    /** One more host has answered (or failed). */
    synchronized void hostDone() {
        done++;
        draw();
    }

    private synchronized void draw() {
        if (shown) {
            String line = "Formatting: " + done + "/" + total + " hosts";
            width = Math.max(width, line.length());
            out.progress("\r" + line);
        }
    }

    /** Blanks the line out; the cursor is left at its start. */
    synchronized void clear() {
        if (shown) {
            out.progress("\r" + " ".repeat(width) + "\r");
        }
    }
}
