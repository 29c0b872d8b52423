package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Issue 16, point 3: size-based rotation of the control log that never loses a line. */
public class RotatingFileHandlerTest {

    private static final Formatter BARE = new Formatter() {
        @Override
        public String format(LogRecord r) {
            return r.getMessage() + "\n";
        }
    };

    private Path dir;
    private Path log;

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("rotate-test");
        log = dir.resolve("sub/ctl.log");
    }

    @After
    public void tearDown() throws Exception {
        TestSupport.deleteTree(dir);
    }

    private RotatingFileHandler handler(long limit, int count) throws Exception {
        RotatingFileHandler h = new RotatingFileHandler(log, limit, count);
        h.setFormatter(BARE);
        return h;
    }

    private static void log(RotatingFileHandler h, String msg) {
        h.publish(new LogRecord(Level.INFO, msg));
    }

    private Path numbered(int i) {
        return log.resolveSibling(log.getFileName() + "." + i);
    }

    @Test
    public void aBurstFromSeveralThreadsAcrossManyRotationsKeepsEveryLineExactlyOnceAndWhole() throws Exception {
        int threads = 8;
        int perThread = 2_000;
        long limit = 8 * 1024;
        RotatingFileHandler h = handler(limit, 500); // enough old files to keep the whole burst
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    log(h, "writer " + id + " line " + i + " " + "x".repeat(i % 37) + " end");
                }
            });
            w.start();
            writers.add(w);
        }
        go.countDown();
        for (Thread w : writers) {
            w.join();
        }
        h.close();

        Pattern whole = Pattern.compile("writer (\\d+) line (\\d+) x* end");
        Map<String, Integer> seen = new HashMap<>();
        int files = 0;
        List<Path> all = new ArrayList<>(List.of(log));
        for (int i = 1; Files.exists(numbered(i)); i++) {
            all.add(numbered(i));
        }
        for (Path f : all) {
            files++;
            assertTrue(f + " is over the limit", Files.size(f) <= limit);
            for (String line : Files.readAllLines(f)) {
                Matcher m = whole.matcher(line);
                assertTrue("torn line in " + f + ": " + line, m.matches());
                seen.merge(m.group(1) + "/" + m.group(2), 1, Integer::sum);
            }
        }
        assertTrue("only " + files + " files: too few rotations to prove anything", files > 20);
        assertEquals(threads * perThread, seen.size());
        seen.forEach((k, n) -> assertEquals("line " + k, 1, (int) n));
        // per writer, newer files hold later lines: .N oldest ... current newest
        for (int t = 0; t < threads; t++) {
            int last = -1;
            for (int i = all.size() - 1; i >= 0; i--) {
                for (String line : Files.readAllLines(all.get(i))) {
                    if (line.startsWith("writer " + t + " ")) {
                        int n = Integer.parseInt(line.split(" ")[3]);
                        assertEquals(last + 1, n);
                        last = n;
                    }
                }
            }
            assertEquals(perThread - 1, last);
        }
    }

    @Test
    public void keepsCountOldFilesNewestFirstAndTheCurrentOne() throws Exception {
        RotatingFileHandler h = handler(10, 2); // "line-N\n" is 7 bytes: one line per file
        for (int i = 0; i < 5; i++) {
            log(h, "line-" + i);
        }
        h.close();
        assertEquals(List.of("line-4"), Files.readAllLines(log));
        assertEquals(List.of("line-3"), Files.readAllLines(numbered(1)));
        assertEquals(List.of("line-2"), Files.readAllLines(numbered(2)));
        assertFalse(Files.exists(numbered(3)));
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
    }

    @Test
    public void appendsToAnExistingFileAndCountsItsSize() throws Exception {
        Files.createDirectories(log.getParent());
        Files.writeString(log, "old-line\n");
        RotatingFileHandler h = handler(12, 1);
        log(h, "new-1"); // 9 + 6 > 12: the old file turns first
        log(h, "new-2"); // 6 + 6 = 12: fits
        h.close();
        assertEquals(List.of("old-line"), Files.readAllLines(numbered(1)));
        assertEquals(List.of("new-1", "new-2"), Files.readAllLines(log));
    }

    @Test
    public void zeroLimitNeverRotatesAndALineOverTheLimitStillGoesWhole() throws Exception {
        RotatingFileHandler h = handler(0, 1);
        for (int i = 0; i < 100; i++) {
            log(h, "l" + i);
        }
        h.close();
        assertEquals(100, Files.readAllLines(log).size());
        assertFalse(Files.exists(numbered(1)));

        RotatingFileHandler small = new RotatingFileHandler(dir.resolve("small.log"), 4, 1);
        small.setFormatter(BARE);
        log(small, "longer than four");
        small.close();
        assertEquals(List.of("longer than four"), Files.readAllLines(dir.resolve("small.log")));
    }

    @Test
    public void sizesAndCountsParseOrSayWhatIsWrong() {
        assertEquals(RotatingFileHandler.DEFAULT_LIMIT, RotatingFileHandler.parseSize(""));
        assertEquals(RotatingFileHandler.DEFAULT_LIMIT, RotatingFileHandler.parseSize(null));
        assertEquals(64L << 20, RotatingFileHandler.parseSize(RotatingFileHandler.DEFAULT_LIMIT_TEXT));
        assertEquals(1000, RotatingFileHandler.parseSize("1000"));
        assertEquals(2048, RotatingFileHandler.parseSize("2K"));
        assertEquals(3L << 30, RotatingFileHandler.parseSize("3g"));
        assertEquals(0, RotatingFileHandler.parseSize("0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RotatingFileHandler.parseSize("12 MB"));
        assertEquals("invalid log file size \"12 MB\" (bytes, or a number with k, m or g)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RotatingFileHandler.parseSize("-1"));
        assertThrows(IllegalArgumentException.class, () -> RotatingFileHandler.parseSize("k"));
        assertEquals(RotatingFileHandler.DEFAULT_COUNT, RotatingFileHandler.parseCount(" "));
        assertEquals(9, RotatingFileHandler.parseCount("9"));
        e = assertThrows(IllegalArgumentException.class, () -> RotatingFileHandler.parseCount("0"));
        assertEquals("invalid number of old log files \"0\" (1 to 9999)", e.getMessage());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void movingToAnotherFileWhileThreadsWriteLosesAndDoublesNothing() throws Exception {
        RotatingFileHandler h = handler(0, 1);
        Path other = dir.resolve("other/ctl.log");
        int threads = 4;
        int perThread = 3_000;
        CountDownLatch halfway = new CountDownLatch(threads);
        // the move races the writers' second halves; their last lines wait for it, so that the new
        // file gets some on a busy machine too (where the writers could otherwise all be done)
        CountDownLatch moved = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    if (i == perThread / 2) {
                        halfway.countDown();
                    }
                    if (i == perThread - 10) {
                        await(moved);
                    }
                    log(h, "w" + id + " " + i);
                }
            });
            w.start();
            writers.add(w);
        }
        halfway.await();
        h.moveTo(other);
        moved.countDown();
        for (Thread w : writers) {
            w.join();
        }
        h.close();
        List<String> before = Files.readAllLines(log);
        List<String> after = Files.readAllLines(other);
        assertFalse(after.isEmpty());
        Map<String, Integer> seen = new HashMap<>();
        for (List<String> part : List.of(before, after)) {
            for (String l : part) {
                assertTrue(l, l.matches("w\\d \\d+"));
                seen.merge(l, 1, Integer::sum);
            }
        }
        assertEquals(threads * perThread, seen.size());
        seen.forEach((k, n) -> assertEquals(k, 1, (int) n));
        assertEquals(other.toAbsolutePath(), h.file());
    }
}
