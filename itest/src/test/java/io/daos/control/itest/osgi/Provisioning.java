package io.daos.control.itest.osgi;

import static org.junit.Assert.assertNotNull;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import io.daos.control.itest.support.TestFiles;

/**
 * Where the bundles of an OSGi test come from, for the test JVM (Pax Exam configuration and
 * the embedded-Felix test). Reactor bundles by file from {@code daos.reactor.dir}; third-party
 * bundles from the jars on the test class path (the versions the itest pom resolved from the
 * root dependencyManagement), so nothing is looked up in a Maven repository at test time. Also
 * the Pax Exam options every test shares, and a bounded wait for a service.
 */
final class Provisioning {

    static final String ECHO_BSN = "io.daos.control.example.echo";
    static final String REVERSE_BSN = "io.daos.control.example.reverse";

    private Provisioning() {
    }

    static String version() {
        return System.getProperty("project.version", "0.1.0-SNAPSHOT");
    }

    static File reactorDir() {
        return new File(System.getProperty("daos.reactor.dir", ".."));
    }

    /** A reactor bundle jar, e.g. ("bundles/rpc-server", "io.daos.control.rpc.server"). */
    static File reactorBundle(String module, String artifactId) {
        File jar = new File(reactorDir(), module + "/target/" + artifactId + "-" + version() + ".jar");
        if (!jar.isFile()) {
            throw new IllegalStateException("reactor bundle not built: " + jar);
        }
        return jar;
    }

    static File echoBundle() {
        return reactorBundle("bundles/example-echo", ECHO_BSN);
    }

    static File reverseBundle() {
        return reactorBundle("bundles/example-reverse", REVERSE_BSN);
    }

    /** The jar a class of the test class path was loaded from. */
    static File jarOf(String className) {
        try {
            Class<?> type = Class.forName(className, false, Provisioning.class.getClassLoader());
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException("no jar on the test class path holds " + className, e);
        }
    }

    /** SCR and its three API bundles (STYLE.md 2c), in install order. */
    static List<File> scr() {
        return List.of(
                jarOf("org.osgi.util.function.Function"),
                jarOf("org.osgi.util.promise.Promise"),
                jarOf("org.osgi.service.component.ComponentContext"),
                jarOf("org.apache.felix.scr.impl.Activator"));
    }

    /** protobuf, guava (+ failureaccess), gson, snakeyaml. */
    static List<File> libraries() {
        return List.of(
                jarOf("com.google.protobuf.Message"),
                jarOf("com.google.common.util.concurrent.internal.InternalFutureFailureAccess"),
                jarOf("com.google.common.collect.ImmutableList"),
                jarOf("com.google.gson.Gson"),
                jarOf("org.yaml.snakeyaml.Yaml"));
    }

    /** Framework property carrying the control port of a {@link #serverOptions} framework. */
    static final String PORT_PROPERTY = "daos.itest.grpc.port";

    /**
     * Pax Exam options of a framework with a gRPC server and a real configuration on a free port
     * (framework property {@link #PORT_PROPERTY}): SCR, the libraries, {@link #core()} and the
     * config bundle, then {@code more} bundles.
     */
    static Option[] serverOptions(Class<?> test, List<File> more) throws IOException {
        int port = TestFiles.freePort();
        List<File> bundles = new ArrayList<>();
        bundles.addAll(scr());
        bundles.addAll(libraries());
        bundles.addAll(core());
        bundles.add(reactorBundle("bundles/config", "io.daos.control.config"));
        bundles.addAll(more);
        List<Option> options = paxOptions(test, writeConfig(test, port), bundles);
        options.add(frameworkProperty(PORT_PROPERTY).value(Integer.toString(port)));
        return options.toArray(new Option[0]);
    }

    /** The control bundle and what it needs beyond {@link #core()}: JNA and our bindings. */
    static List<File> control() {
        return List.of(
                jarOf("com.sun.jna.Native"),
                reactorBundle("native/jna", "io.daos.control.native.jna"),
                reactorBundle("bundles/control", "io.daos.control.control"));
    }

    /** grpc-runtime, proto, api, rpc-server (the examples are hot-added by the tests). */
    static List<File> core() {
        List<File> files = new ArrayList<>();
        files.add(reactorBundle("bundles/grpc-runtime", "io.daos.control.grpc.runtime"));
        files.add(reactorBundle("proto", "io.daos.control.proto"));
        files.add(reactorBundle("bundles/api", "io.daos.control.api"));
        files.add(reactorBundle("bundles/rpc-server", "io.daos.control.rpc.server"));
        return files;
    }

    /**
     * A fresh directory with a minimal insecure daos_server.yml on {@code port} (socket_dir
     * under a short temp path: a socket path must fit in sun_path), deleted when the test JVM
     * exits; returns the file.
     */
    static Path writeConfig(Class<?> test, int port) throws IOException {
        Path dir = java.nio.file.Files.createTempDirectory(test.getSimpleName());
        // the configuration method runs in the test JVM, which outlives the framework using it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                TestFiles.deleteTree(dir);
            } catch (IOException e) {
                System.err.println("could not delete " + dir + ": " + e);
            }
        }, "delete-" + dir.getFileName()));
        return TestFiles.writeConfig(dir, port, "").toAbsolutePath();
    }

    /**
     * The Pax Exam options of a test class: its own working directory, unresolved bundles fail
     * the test, JUnit, the configuration {@code config} (read by the config bundle from the
     * framework property daos.config; null for none), then {@code bundles} in order.
     */
    static List<Option> paxOptions(Class<?> test, Path config, List<File> bundles) {
        List<Option> options = new ArrayList<>();
        options.add(workingDirectory("target/paxexam/" + test.getSimpleName() + "/" + UUID.randomUUID()));
        if (config != null) {
            options.add(frameworkProperty("daos.config").value(config.toString()));
        }
        options.add(systemProperty("pax.exam.osgi.unresolved.fail").value("true"));
        String repo = System.getProperty("maven.repo.local");
        if (repo != null && !repo.isEmpty()) {
            options.add(systemProperty("org.ops4j.pax.url.mvn.localRepository").value(repo));
        }
        options.add(junitBundles());
        for (File f : bundles) {
            options.add(bundle(f.toURI().toString()));
        }
        return options;
    }

    /** Waits (bounded: 30 s) for a service matching {@code filter}; fails the test without one. */
    static ServiceReference<?> awaitService(BundleContext context, String filter)
            throws InvalidSyntaxException, InterruptedException {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, context.createFilter(filter), null);
        tracker.open(true);
        try {
            assertNotNull("no service " + filter, tracker.waitForService(TimeUnit.SECONDS.toMillis(30)));
            return tracker.getServiceReference();
        } finally {
            tracker.close();
        }
    }
}
