package io.daos.control.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.osgi.framework.Constants;

/**
 * What {@code daos_server start} hands to Felix: {@code etc/config.properties} resolved by
 * {@link Props}, with {@code daos.home}, {@code daos.config}, {@code daos.version} and the start
 * flags ({@code daos.cli.*}) added, and typed access to the keys the launcher itself reads.
 * {@link #load} first copies {@code etc/system.properties} into the JVM's system properties.
 * A value that is not a number where one is expected fails when it is read, as a
 * {@link NumberFormatException}.
 */
final class FrameworkProperties {

    /** The features booted at start (comma separated). */
    static final String BOOT = "daos.features.boot";
    /** The features descriptor ({@code etc/features.xml}). */
    static final String FEATURES = "daos.features.file";
    /** Where the boot bundles are ({@code system/}, Maven repository layout). */
    static final String SYSTEM = "daos.system.dir";
    /** The hot-deploy directory. */
    static final String DEPLOY = "daos.deploy.dir";
    /** How long a dropped jar must be quiet before it is handled. */
    static final String SETTLE = "daos.deploy.settle.ms";
    /** Where {@code etc/logging.properties} sends the log file. */
    static final String LOG_DIR = "daos.log.dir";
    /** How long start waits for readiness or a failure report. */
    static final String START_TIMEOUT = "daos.start.timeout.ms";
    /** How long stop waits for the framework. */
    static final String STOP_TIMEOUT = "daos.stop.timeout.ms";
    /**
     * What the console shows of the bundles' log once the server is ready (etc/logging.properties):
     * WARNING, but INFO when stderr goes to the systemd journal ({@value #JOURNAL_STREAM} set), so
     * that {@code journalctl -u daos_server} has the log as the reference's stdout would.
     */
    static final String CONSOLE_LEVEL = "daos.log.console.level";
    /**
     * The console's formatter (etc/logging.properties): {@link JournalFormatter} (priority
     * prefixes) under the journal, else the plain {@code SimpleFormatter}.
     */
    static final String CONSOLE_FORMATTER = "daos.log.console.formatter";
    /** Set by systemd when stdout/stderr are connected to the journal. */
    static final String JOURNAL_STREAM = "JOURNAL_STREAM";

    private final Path home;
    private final Map<String, String> map;

    FrameworkProperties(Path home, Map<String, String> map) {
        this.home = home;
        this.map = map;
    }

    /**
     * {@code etc/system.properties} into the system properties, then the framework properties of
     * {@code home} for the config file {@code config} and the command line {@code inv}.
     */
    static FrameworkProperties load(Path home, Path config, Cli.Invocation inv) throws IOException {
        loadSystemProperties(home.resolve("etc").resolve("system.properties"));
        if (System.getProperty("daos.home") == null) {
            System.setProperty("daos.home", home.toString());
        }
        Map<String, String> raw = Props.load(home.resolve("etc").resolve("config.properties"));
        Map<String, String> fw = Props.resolve(raw, System.getProperties(), System.getenv());
        fw.put("daos.home", home.toString());
        fw.put("daos.config", config.toString());
        fw.put("daos.version", Main.version());
        fw.putAll(inv.properties());
        fw.putIfAbsent(CONSOLE_LEVEL, consoleLevel(System.getenv()));
        fw.putIfAbsent(CONSOLE_FORMATTER, consoleFormatter(System.getenv()));
        return new FrameworkProperties(home, fw);
    }

    /** The default of {@value #CONSOLE_LEVEL} in the environment {@code env}. */
    static String consoleLevel(Map<String, String> env) {
        return journal(env) ? "INFO" : "WARNING";
    }

    /** The default of {@value #CONSOLE_FORMATTER} in the environment {@code env}. */
    static String consoleFormatter(Map<String, String> env) {
        return journal(env) ? JournalFormatter.class.getName() : "java.util.logging.SimpleFormatter";
    }

    private static boolean journal(Map<String, String> env) {
        String journal = env.get(JOURNAL_STREAM);
        return journal != null && !journal.isEmpty();
    }

    /** A file of properties into the JVM's system properties; one given already (-D) wins. */
    static void loadSystemProperties(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        Map<String, String> raw = Props.load(file);
        Map<String, String> resolved = Props.resolve(raw, new Properties(), Map.of());
        Properties sys = System.getProperties();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            if (sys.getProperty(e.getKey()) == null) {
                String v = Props.substitute(e.getValue(), resolved, sys, System.getenv(), new ArrayDeque<>());
                System.setProperty(e.getKey(), v);
            }
        }
    }

    /** Every property, as the framework gets them (read only). */
    Map<String, String> map() {
        return Collections.unmodifiableMap(map);
    }

    String get(String key) {
        return map.get(key);
    }

    long startTimeoutMs() {
        return Long.parseLong(map.getOrDefault(START_TIMEOUT, "60000"));
    }

    long stopTimeoutMs() {
        return Long.parseLong(map.getOrDefault(STOP_TIMEOUT, "30000"));
    }

    long settleMs() {
        return Long.parseLong(map.getOrDefault(SETTLE, "50"));
    }

    /** {@value #LOG_DIR}, by default {@code <home>/log}. */
    Path logDir() {
        return Path.of(map.getOrDefault(LOG_DIR, home.resolve("log").toString()));
    }

    Path featuresFile() {
        return Path.of(map.get(FEATURES));
    }

    List<String> bootFeatures() {
        return split(map.get(BOOT));
    }

    Path systemDir() {
        return Path.of(map.get(SYSTEM));
    }

    Path deployDir() {
        return Path.of(map.get(DEPLOY));
    }

    /** The framework's bundle cache ({@code org.osgi.framework.storage}). */
    Path storageDir() {
        return Path.of(map.get(Constants.FRAMEWORK_STORAGE));
    }

    /** The non-blank items of a comma-separated list, stripped. */
    static List<String> split(String csv) {
        List<String> l = new ArrayList<>();
        if (csv != null) {
            for (String s : csv.split(",")) {
                if (!s.isBlank()) {
                    l.add(s.strip());
                }
            }
        }
        return l;
    }
}
