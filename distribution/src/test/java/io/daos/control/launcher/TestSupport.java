package io.daos.control.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import org.junit.rules.ExternalResource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/** Test helpers: generated bundle jars, a real Felix, and a log sink one can wait on. */
final class TestSupport {

    private TestSupport() {
    }

    /** Writes a minimal bundle jar; {@code extra} are more manifest headers. */
    static byte[] bundle(String bsn, String version, Map<String, String> extra) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        a.putValue(Constants.BUNDLE_SYMBOLICNAME, bsn);
        a.putValue(Constants.BUNDLE_VERSION, version);
        extra.forEach(a::putValue);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (JarOutputStream jos = new JarOutputStream(bos, mf)) {
            jos.putNextEntry(new ZipEntry("readme.txt"));
            jos.write(("bundle " + bsn + " " + version + "\n").repeat(200).getBytes(StandardCharsets.UTF_8));
            jos.closeEntry();
        }
        return bos.toByteArray();
    }

    static byte[] bundle(String bsn, String version) throws IOException {
        return bundle(bsn, version, Map.of());
    }

    static Framework framework(Path storage) throws Exception {
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        p.put("felix.log.level", "0");
        p.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "100");
        p.put("felix.startlevel.bundle", "80");
        Framework f = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(p);
        f.init();
        return f;
    }

    static void stop(Framework f) throws Exception {
        if (f != null) {
            f.stop();
            f.waitForStop(30_000);
        }
    }

    /**
     * A rule: a temp directory and a Felix on a bundle cache in it (initialised, and started when
     * asked), for one test; stopped and deleted afterwards.
     */
    static final class Felix extends ExternalResource {
        private final String prefix;
        private final boolean start;
        private Path dir;
        private Framework fw;

        Felix(String prefix, boolean start) {
            this.prefix = prefix;
            this.start = start;
        }

        @Override
        protected void before() throws Throwable {
            dir = Files.createTempDirectory(prefix);
            fw = TestSupport.framework(dir.resolve("cache"));
            if (start) {
                fw.start();
            }
        }

        @Override
        protected void after() {
            try {
                stop(fw);
                deleteTree(dir);
            } catch (Exception e) {
                throw new IllegalStateException("cleaning up " + dir, e);
            }
        }

        Path dir() {
            return dir;
        }

        Framework framework() {
            return fw;
        }

        BundleContext context() {
            return fw.getBundleContext();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Collects printed lines; {@link #await} blocks until a matching line was printed. */
    static final class Lines extends OutputStream {
        private final StringBuilder partial = new StringBuilder();
        private final List<String> lines = new ArrayList<>();

        PrintStream stream() {
            return new PrintStream(this, true, StandardCharsets.UTF_8);
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.add(partial.toString());
                partial.setLength(0);
                notifyAll();
            } else {
                partial.append((char) b);
            }
        }

        synchronized List<String> lines() {
            return new ArrayList<>(lines);
        }

        synchronized String await(Predicate<String> p, long timeoutMs) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (true) {
                for (String l : lines) {
                    if (p.test(l)) {
                        return l;
                    }
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("no matching line within " + timeoutMs + " ms; got " + lines);
                }
                wait(left);
            }
        }

        synchronized long count(Predicate<String> p) {
            return lines.stream().filter(p).count();
        }
    }
}
