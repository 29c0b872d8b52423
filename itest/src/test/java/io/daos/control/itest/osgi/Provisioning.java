package io.daos.control.itest.osgi;

import java.io.File;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the bundles of an OSGi test come from, for the test JVM (Pax Exam configuration and
 * the embedded-Felix test). Reactor bundles by file from {@code daos.reactor.dir}; third-party
 * bundles from the jars on the test class path (the versions the itest pom resolved from the
 * root dependencyManagement), so nothing is looked up in a Maven repository at test time.
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
}
