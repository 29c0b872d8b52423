package io.daos.control.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Links, without initialising them, the bundle classes a recording start loaded, so that its
 * class-data archive holds them.
 * <p>
 * Java 17 writes into a dynamic archive ({@code -XX:ArchiveClassesAtExit}) only the classes that
 * are linked at exit. Many bundle classes are loaded and never linked: a verifier's or a native
 * library's lookup (Netty's JNI_OnLoad, for one) loads them, nothing runs them. They were left
 * out, about 350 of them, and every later start parsed and verified them from their jars again.
 * <p>
 * {@code bin/daos_server} records a start's class loading ({@code -Xlog:class+load} into the file
 * named by {@value #CLASS_LOG}) only when it records an archive. Once that start is ready, this
 * reads the log on a thread of its own and links each class a bundle defined: found through that
 * bundle's class loader ({@code Class.forName} without initialising), linked by reflection, which
 * links a class before it describes its fields (verification and preparation; no static
 * initialiser runs). A class that cannot be linked (a missing optional dependency) is skipped:
 * nothing that runs uses it, and it stays out of the archive as before.
 */
final class ArchiveLinker {

    /** System property: the class-load log of this (recording) start. */
    static final String CLASS_LOG = "daos.cds.classlog";

    /**
     * The classes linked, held until the JVM exits: the archive is written at exit, after the
     * framework stopped, and holds only the classes still loaded then. A bundle's classes go with
     * its class loader once nothing refers to it, so a collection between the framework's stop and
     * the dump dropped whole bundles from the archive (seen: SnakeYAML's and the protos' classes,
     * 500 in all, parsed again by every later start).
     */
    private static final List<Class<?>> KEPT = new ArrayList<>();

    private ArchiveLinker() {
    }

    /**
     * Starts the linking thread when {@value #CLASS_LOG} names a log; else does nothing. The
     * thread first runs {@code training} (what later starts also do soon, so that its classes are
     * loaded too), then links.
     */
    static void startIfRecording(BundleContext ctx, Runnable training) {
        String log = System.getProperty(CLASS_LOG);
        if (log == null || log.isEmpty()) {
            return;
        }
        Thread t = new Thread(() -> {
            training.run();
            link(ctx, Path.of(log));
        }, "daos-cds-link");
        t.setDaemon(true); // never holds the exit up: an archive without these links is only slower
        t.start();
    }

    /**
     * Links the classes of {@code log} that a bundle of {@code ctx} defined.
     *
     * @return how many were linked (0 when the log cannot be read)
     */
    static int link(BundleContext ctx, Path log) {
        Map<String, Bundle> bundles = new HashMap<>();
        for (Bundle b : ctx.getBundles()) {
            bundles.put(b.getLocation(), b);
        }
        Map<Bundle, ClassLoader> loaders = new HashMap<>();
        int linked = 0;
        try (BufferedReader r = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                Loaded l = Loaded.parse(line);
                if (l == null) {
                    continue;
                }
                Bundle b = bundles.get(l.source());
                ClassLoader loader = b == null ? null : loaders.computeIfAbsent(b, ArchiveLinker::loader);
                if (loader != null && link(l.name(), loader)) {
                    linked++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // (a RuntimeException: the framework stopping under it) the archive is recorded without these links: later starts are only slower
        }
        return linked;
    }

    private static ClassLoader loader(Bundle b) {
        BundleWiring w = b.adapt(BundleWiring.class);
        return w == null ? null : w.getClassLoader();
    }

    private static boolean link(String name, ClassLoader loader) {
        try {
            Class<?> c = Class.forName(name, false, loader);
            c.getDeclaredFields(); // links c (HotSpot links a class before it reflects on its fields)
            synchronized (KEPT) {
                KEPT.add(c);
            }
            return true;
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return false;
        }
    }

    /**
     * One line of {@code -Xlog:class+load=info:file=<log>:none}:
     * {@code <class name> source: <source>}; for a bundle's class the source is its location.
     */
    record Loaded(String name, String source) {

        private static final String SEP = " source: ";

        /** The class and source of {@code line}, or null for a line of another shape. */
        static Loaded parse(String line) {
            int i = line.indexOf(SEP);
            if (i <= 0 || line.indexOf(' ') < i) {
                return null;
            }
            return new Loaded(line.substring(0, i), line.substring(i + SEP.length()).trim());
        }
    }
}
