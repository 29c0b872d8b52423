package io.daos.control.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * The control log file, rotated by size. A record is formatted, then written whole with one
 * {@code write} and no buffer, under the handler's lock; when it would take the file over
 * {@link #limit()} bytes the file is first renamed to {@code <file>.1} (older ones shift to
 * {@code .2} … {@code .<count>}, the oldest is dropped) and a new file is opened in its place, so
 * a line never spans two files and no record is lost while the files turn: writers wait for the
 * lock. If the rename fails the current file is reopened and written on (it grows; the failure
 * goes to the {@link ErrorManager} once). New files are created mode 0664. {@link #moveTo}
 * switches to another file the same way ({@code control_log_file}).
 *
 * <p>As a {@code logging.properties} handler (a public class on the launcher's class path):
 * {@code io.daos.control.launcher.RotatingFileHandler.file}, {@code .limit} (bytes, or with a
 * {@code k}/{@code m}/{@code g} suffix, binary; 0 = never rotate; empty = {@value #DEFAULT_LIMIT_TEXT}),
 * {@code .count} (old files kept, at least 1; empty = {@value #DEFAULT_COUNT}), {@code .level},
 * {@code .formatter}.
 */
public final class RotatingFileHandler extends Handler {

    static final String DEFAULT_LIMIT_TEXT = "64m";
    static final long DEFAULT_LIMIT = 64L << 20;
    static final int DEFAULT_COUNT = 5;

    /** Guarded by this (changed by {@link #moveTo}). */
    private Path file;
    private final long limit;
    private final int count;
    private OutputStream out;
    private long size;
    private boolean rotateFailed;
    private boolean closed;

    /** Configured by the {@link LogManager} properties of this class's name. */
    public RotatingFileHandler() throws IOException {
        this(Path.of(required("file")), parseSize(property("limit")), parseCount(property("count")));
        String level = property("level");
        setLevel(level.isEmpty() ? Level.ALL : Level.parse(level));
        setFormatter(newFormatter(property("formatter")));
    }

    /** {@code file} (created with its directory, appended to), rotated past {@code limit} bytes keeping {@code count}. */
    public RotatingFileHandler(Path file, long limit, int count) throws IOException {
        if (limit < 0) {
            throw new IllegalArgumentException("log file size limit must not be negative: " + limit);
        }
        if (count < 1) {
            throw new IllegalArgumentException("at least one old log file must be kept: " + count);
        }
        this.file = file.toAbsolutePath();
        this.limit = limit;
        this.count = count;
        setFormatter(new SimpleFormatter());
        open();
    }

    synchronized Path file() {
        return file;
    }

    /**
     * {@code control_log_file}: from now on writes {@code to} (created with its directory, appended
     * to). The new file is opened before the old one is closed, under the lock every record is
     * written under, so no record is lost or written twice; if it cannot be opened the old file
     * stays and the error is thrown.
     */
    public synchronized void moveTo(Path to) throws IOException {
        Path old = file;
        OutputStream was = out;
        long wasSize = size;
        file = to.toAbsolutePath();
        try {
            open();
        } catch (IOException | RuntimeException e) {
            file = old;
            out = was;
            size = wasSize;
            throw e;
        }
        if (was != null) {
            was.close();
        }
    }

    long limit() {
        return limit;
    }

    int count() {
        return count;
    }

    @Override
    public synchronized void publish(LogRecord r) {
        if (closed || !isLoggable(r)) {
            return;
        }
        byte[] bytes;
        try {
            bytes = getFormatter().format(r).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            reportError(null, e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        try {
            if (out == null) {
                open(); // a rotation could not open the new file: try again
            }
            if (limit > 0 && size > 0 && size + bytes.length > limit) {
                rotate();
            }
            out.write(bytes);
            size += bytes.length;
        } catch (IOException e) {
            reportError(null, e, ErrorManager.WRITE_FAILURE);
        }
    }

    /** {@code file} → {@code file.1} (the others shifted), then a new {@code file}; on failure the old one again. */
    private void rotate() throws IOException {
        out.close();
        out = null;
        try {
            int top = 1; // the first free number, or count: only the run .1 .2 ... is shifted
            while (top < count && Files.exists(numbered(top))) {
                top++;
            }
            Files.deleteIfExists(numbered(top));
            for (int i = top - 1; i >= 1; i--) {
                Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            if (!rotateFailed) {
                rotateFailed = true;
                reportError("cannot rotate " + file + " (writing on)", e, ErrorManager.GENERIC_FAILURE);
            }
        }
        open();
    }

    private Path numbered(int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }

    private void open() throws IOException {
        Path dir = file.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        boolean created = !Files.exists(file);
        OutputStream opened = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        out = opened;
        if (created) {
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
            } catch (IOException | UnsupportedOperationException e) {
                // the umask's mode stays
            }
        }
        size = Files.size(file);
    }

    @Override
    public void flush() {
        // every record is written through, unbuffered
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                reportError(null, e, ErrorManager.CLOSE_FAILURE);
            }
            out = null;
        }
    }

    /**
     * A size in bytes: digits with an optional {@code k}, {@code m} or {@code g} suffix (powers of
     * 1024, either case); empty or null = {@link #DEFAULT_LIMIT}.
     */
    static long parseSize(String s) {
        String v = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        int shift = switch (v.charAt(v.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        String digits = shift == 0 ? v : v.substring(0, v.length() - 1);
        if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid log file size \"" + s.strip()
                    + "\" (bytes, or a number with k, m or g)");
        }
        return Long.parseLong(digits) << shift;
    }

    static int parseCount(String s) {
        String v = s == null ? "" : s.strip();
        if (v.isEmpty()) {
            return DEFAULT_COUNT;
        }
        if (v.length() > 4 || !v.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(v) < 1) {
            throw new IllegalArgumentException("invalid number of old log files \"" + v + "\" (1 to 9999)");
        }
        return Integer.parseInt(v);
    }

    private static String property(String name) {
        String v = LogManager.getLogManager().getProperty(RotatingFileHandler.class.getName() + "." + name);
        return v == null ? "" : v.strip();
    }

    private static String required(String name) {
        String v = property(name);
        if (v.isEmpty()) {
            throw new IllegalArgumentException(RotatingFileHandler.class.getName() + "." + name + " is not set");
        }
        return v;
    }

    private static Formatter newFormatter(String className) {
        if (className.isEmpty()) {
            return new SimpleFormatter();
        }
        try {
            return (Formatter) ClassLoader.getSystemClassLoader().loadClass(className).getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("log formatter " + className + ": " + e, e);
        }
    }
}
