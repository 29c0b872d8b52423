package io.daos.control.launcher.inventory;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.network.NetworkScanner;
import io.daos.control.api.storage.BdevFilter;
import io.daos.control.api.storage.BdevProvider;
import io.daos.control.api.storage.NvmeController;
import io.daos.control.api.storage.ScmProvider;
import io.daos.control.config.ServerConfigLoader;
import io.daos.control.launcher.Log;

/**
 * Entry point of the inventory commands ({@code storage scan|prepare}, {@code network scan|list})
 * that run without OSGi: {@code bin/daos_server} puts the api, config, native and provider jars
 * of {@code system/} on the class path for these commands only (listed in
 * {@code lib/inventory.classpath}), and the launcher calls {@link #run} reflectively, so that
 * {@code start} and {@code version} never link these classes. The providers are found with
 * {@link ServiceLoader} ({@code META-INF/services} of the storage-scm, storage-nvme and network
 * jars).
 */
public final class Inventory {

    private Inventory() {
    }

    /**
     * Runs one inventory command.
     *
     * @param command {@code storage scan}, {@code storage prepare}, {@code network scan} or
     *                {@code network list}
     * @param options the parsed options by long name ({@code verbose}, {@code nvme-only}, …;
     *                boolean options map to {@code "true"}), global ones included
     * @param args    extra positional arguments
     * @param config  the located config file: always for the network commands; for
     *                {@code storage scan} only when given with {@code -o} (its emulated devices
     *                are then listed and its {@code bdev_include}/{@code bdev_exclude} applied;
     *                with {@code -v} the state of each server's {@code scm_mount} too);
     *                null otherwise
     * @param in      standard input (the prepare confirmation)
     * @param out     standard output
     * @param err     standard error
     * @return the exit status
     */
    public static int run(String command, Map<String, String> options, List<String> args, Path config,
            InputStream in, PrintStream out, PrintStream err) {
        Log log = new Log(out, err, options.containsKey("debug"));
        ConsoleLogging.install(log, options.containsKey("debug"));
        switch (command) {
            case "storage scan": {
                ScmProvider scm = find(ScmProvider.class, log);
                BdevProvider bdev = find(BdevProvider.class, log);
                boolean verbose = options.containsKey("verbose");
                if (config == null) {
                    return new StorageScanCommand(scm, bdev, verbose, log).run();
                }
                ServerConfig cfg = load(config, log);
                if (cfg == null) {
                    return 1;
                }
                List<NvmeController> emulated = new ArrayList<>();
                if (bdev != null) {
                    for (IOServerConfig s : cfg.servers()) {
                        emulated.addAll(bdev.configured(s));
                    }
                }
                return new StorageScanCommand(scm, bdev, verbose, log,
                        new BdevFilter(cfg.bdevInclude(), cfg.bdevExclude()), emulated, cfg.servers()).run();
            }
            case "storage prepare":
                StoragePrepareCommand.Options o = new StoragePrepareCommand.Options(options.containsKey("nvme-only"),
                        options.containsKey("scm-only"), options.containsKey("reset"), options.containsKey("force"),
                        options.get("pci-whitelist"), options.get("hugepages"), options.get("target-user"));
                if (o.nvmeOnly() && o.scmOnly()) { // step 1, before any provider is looked up
                    log.error(StoragePrepareCommand.BOTH_SET);
                    return 1;
                }
                BufferedReader stdin = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                return new StoragePrepareCommand(find(ScmProvider.class, log), find(BdevProvider.class, log), o,
                        stdin, log).run();
            case "network scan":
            case "network list":
                ServerConfig cfg = load(config, log);
                if (cfg == null) {
                    return 1;
                }
                NetworkCommands net = new NetworkCommands(log);
                if (command.equals("network list")) {
                    return net.list();
                }
                return net.scan(find(NetworkScanner.class, log), options.containsKey("all"), options.get("provider"),
                        cfg.provider(), args);
            default:
                log.error("not an inventory command: " + command);
                return 1;
        }
    }

    /** Parses the config file (no validation, as the reference's network commands); null after an error. */
    private static ServerConfig load(Path config, Log log) {
        try {
            ServerConfig cfg = new ServerConfigLoader().parse(config);
            log.debug("DAOS config loaded from " + cfg.configPath());
            return cfg;
        } catch (FaultException e) {
            log.error(e.getMessage());
            if (e.fault().hasResolution()) {
                log.error(e.fault().resolutionLine());
            }
            return null;
        }
    }

    /**
     * The first implementation of {@code api} on the class path, or null (a provider that fails to
     * load is reported as a warning with its cause).
     */
    static <T> T find(Class<T> api, Log log) {
        try {
            Iterator<T> it = ServiceLoader.load(api, Inventory.class.getClassLoader()).iterator();
            return it.hasNext() ? it.next() : null;
        } catch (ServiceConfigurationError | LinkageError e) {
            log.warn(api.getSimpleName() + " implementation could not be loaded: " + Log.oneLine(e));
            return null;
        }
    }

    /** The error when no implementation of {@code api} is on the class path. */
    static String missingProvider(String what, Class<?> api, String module) {
        return "no " + what + " provider found: no " + api.getName() + " service (META-INF/services) on the class "
                + "path (expected from the io.daos.control." + module + " jar of lib/inventory.classpath)";
    }
}
