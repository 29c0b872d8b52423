package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code bin/dmg} of a distribution copy as a child process, as an administrator runs it: each run
 * waits for the child's exit (its output went to files, so no pipe can fill) and returns the exit
 * status and both streams. Runs may go in parallel ({@link #all}). The server's state is waited
 * for with {@code dmg -j system query} in a loop with a deadline: each turn is a child's exit.
 */
final class DmgRunner implements AutoCloseable {

    /** What one run may take at most (a JVM start and one call on a busy two-core machine). */
    static final long RUN_MS = 60_000;

    static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Path dmg;
    private final Path dir;
    private final List<String> base;
    private final ExecutorService pool = Executors.newFixedThreadPool(3);

    /** Runs {@code bin/dmg base... args...} of {@code dist} in {@code dir} (its output files there too). */
    DmgRunner(Dist dist, Path dir, String... base) {
        this.dmg = dist.home.resolve("bin/dmg");
        this.dir = dir;
        this.base = List.of(base);
    }

    /** One finished run. */
    record Result(List<String> cmd, int exit, String out, String err, long ms) {

        List<String> outLines() {
            return out.lines().toList();
        }

        /** Exit 0 and nothing on stderr. */
        Result ok() {
            assertEquals(this.toString(), 0, exit);
            assertEquals(this.toString(), "", err);
            return this;
        }

        /** Exit 0, nothing on stderr, stdout exactly {@code lines} (each ending in a newline). */
        Result prints(String... lines) {
            ok();
            assertEquals(this.toString(), String.join("\n", lines) + "\n", out);
            return this;
        }

        /** Stdout exactly {@code lines}, then exit 1 with stderr exactly {@code ERROR: dmg: <text>}. */
        Result printsThenFails(String text, String... lines) {
            assertEquals(this.toString(), String.join("\n", lines) + "\n", out);
            return fails(text);
        }

        /** Exit 1, stderr exactly {@code ERROR: dmg: <text>} (and {@code more} lines), no stack trace. */
        Result fails(String text, String... more) {
            assertEquals(this.toString(), 1, exit);
            StringBuilder want = new StringBuilder("ERROR: dmg: ").append(text).append('\n');
            for (String m : more) {
                want.append(m).append('\n');
            }
            assertEquals(this.toString(), want.toString(), err);
            return noStackTrace();
        }

        Result noStackTrace() {
            assertFalse(this.toString(), err.contains("\tat ") || err.contains("Exception") || out.contains("\tat "));
            return this;
        }

        /** Exit 0 and stdout one JSON document (what {@code -j} prints on success). */
        JsonObject json() {
            ok();
            return JsonParser.parseString(out).getAsJsonObject();
        }

        /** Each stderr line parsed as a JSON log line ({@code -j} failures). */
        List<JsonObject> errJson() {
            List<JsonObject> lines = new ArrayList<>();
            for (String l : err.split("\n")) {
                lines.add(JsonParser.parseString(l).getAsJsonObject());
            }
            return lines;
        }

        /** The first match of {@code regex} in stdout, its group 1. */
        String find(String regex) {
            Matcher m = Pattern.compile(regex).matcher(out);
            assertTrue(regex + " in " + this, m.find());
            return m.group(1);
        }

        @Override
        public String toString() {
            return String.join(" ", cmd) + " -> exit " + exit + " in " + ms + " ms\n--- stdout:\n" + out
                    + "--- stderr:\n" + err;
        }
    }

    /** {@code bin/dmg base... args...}. */
    Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(dmg.toString());
        cmd.addAll(base);
        cmd.addAll(List.of(args));
        return exec(cmd);
    }

    /** {@code bin/dmg args...}, without the base arguments. */
    Result bare(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(dmg.toString());
        cmd.addAll(List.of(args));
        return exec(cmd);
    }

    /** Runs each argument list at the same time (three at once); the results in the given order. */
    List<Result> all(List<List<String>> runs) throws InterruptedException, IOException {
        List<Future<Result>> futures = new ArrayList<>();
        for (List<String> args : runs) {
            futures.add(pool.submit(() -> run(args.toArray(String[]::new))));
        }
        List<Result> results = new ArrayList<>();
        for (Future<Result> f : futures) {
            try {
                results.add(f.get());
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        }
        return results;
    }

    /** {@code task} on this runner's threads (to run while the test does something else). */
    CompletableFuture<Void> async(Step task) {
        return CompletableFuture.runAsync(() -> {
            try {
                task.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, pool);
    }

    /** Waits for {@code f}; its failure thrown as it was (an assertion stays one). */
    static void join(CompletableFuture<?> f) throws Exception {
        try {
            f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IllegalStateException && c.getCause() instanceof Exception inner) {
                throw inner;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw (Exception) c;
        }
    }

    interface Step {
        void run() throws Exception;
    }

    /** Any command, its output in files, waited for (killed after {@link #RUN_MS}). */
    Result exec(List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "dmg", ".out");
        Path err = Files.createTempFile(dir, "dmg", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("JAVA_OPTS");
            long t0 = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(RUN_MS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(cmd + " did not exit within " + RUN_MS + " ms; stdout: "
                        + Files.readString(out) + " stderr: " + Files.readString(err));
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            return new Result(cmd, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), ms);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Runs {@code dmg -j system query} until it succeeds with {@code ranks} members all in
     * {@code state}, at most {@code timeoutMs}; rank → member of that last answer.
     */
    Map<Integer, JsonObject> awaitState(String state, int ranks, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        Result last;
        do {
            last = run("-j", "system", "query");
            if (last.exit == 0) {
                Map<Integer, JsonObject> members = new TreeMap<>();
                for (JsonElement m : last.json().getAsJsonArray("members")) {
                    members.put(m.getAsJsonObject().get("rank").getAsInt(), m.getAsJsonObject());
                }
                if (members.size() == ranks
                        && members.values().stream().allMatch(m -> state.equals(m.get("state").getAsString()))) {
                    return members;
                }
            }
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("not " + ranks + " ranks " + state + " within " + timeoutMs + " ms; last: " + last);
    }

    @Override
    public void close() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(RUN_MS, TimeUnit.MILLISECONDS);
    }
}
