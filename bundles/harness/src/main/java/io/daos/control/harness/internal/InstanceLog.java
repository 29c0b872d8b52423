package io.daos.control.harness.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.logging.Logger;

import io.daos.control.api.config.IOServerConfig;

/**
 * The file {@code daos_io_server.log} that collects what every instance prints on stdout and
 * stderr, one line per line, each prefixed by the {@link IOServerRunner} that read it. Opened
 * (append) at the first line, flushed after every line; lines arriving after {@link #close()}
 * are dropped. Thread-safe: the output pumps of all instances write here.
 */
final class InstanceLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InstanceLog.class.getName());

    static final String FILE_NAME = "daos_io_server.log";

    private final Path path;
    private Writer out;
    private boolean closed;

    InstanceLog(Path path) {
        this.path = path;
    }

    /**
     * Next to the {@code log_file} of the first instance that names one with a directory,
     * otherwise in {@code logDir}.
     */
    static Path pathFor(List<IOServerConfig> servers, Path logDir) {
        for (IOServerConfig s : servers) {
            String lf = s.logFile();
            if (lf != null && !lf.isEmpty() && Path.of(lf).getParent() != null) {
                return Path.of(lf).getParent().resolve(FILE_NAME);
            }
        }
        return logDir.resolve(FILE_NAME);
    }

    Path path() {
        return path;
    }

    /** Appends {@code line} and a newline; a write error is logged (fine) and otherwise ignored. */
    synchronized void write(String line) {
        if (closed) {
            return;
        }
        try {
            if (out == null) {
                Files.createDirectories(path.getParent());
                out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            LOG.fine("instance log: " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignore) {
                // nothing more to write anyway
            }
            out = null;
        }
    }
}
