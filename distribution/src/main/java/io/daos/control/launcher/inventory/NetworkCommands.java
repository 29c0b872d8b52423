package io.daos.control.launcher.inventory;

import java.util.List;

import io.daos.control.api.fault.Fault;
import io.daos.control.api.network.FabricInterface;
import io.daos.control.api.network.NetworkScanException;
import io.daos.control.api.network.NetworkScanner;
import io.daos.control.launcher.Log;

/**
 * {@code daos_server network scan [-p provider] [-a]} and {@code network list} (SPEC-SERVER
 * §2.5), once the config file has been loaded (by {@link Inventory}).
 */
final class NetworkCommands {

    private final Log log;

    NetworkCommands(Log log) {
        this.log = log;
    }

    /**
     * {@code network scan}.
     *
     * @param scanner     the fabric scanner, or null when none is on the class path
     * @param all         {@code -a}
     * @param cmdProvider {@code -p}, or null
     * @param ymlProvider the config file's top-level {@code provider} (may be empty)
     * @param args        extra positional arguments (the reference's quirk: logged, no scan)
     * @return the exit status
     */
    int scan(NetworkScanner scanner, boolean all, String cmdProvider, String ymlProvider, List<String> args) {
        if (!args.isEmpty()) {
            log.debug("network scan: unexpected arguments " + args + "; nothing scanned");
            return 0;
        }
        String provider;
        if (all) {
            provider = "";
            log.info("Scanning fabric for all providers");
        } else if (cmdProvider != null && !cmdProvider.isEmpty()) {
            provider = cmdProvider;
            log.info("Scanning fabric for cmdline specified provider: " + provider);
        } else if (ymlProvider != null && !ymlProvider.isEmpty()) {
            provider = ymlProvider;
            log.info("Scanning fabric for YML specified provider: " + provider);
        } else {
            provider = "";
            log.info("Scanning fabric for all providers");
        }
        if (scanner == null) {
            log.error(Inventory.missingProvider("fabric", NetworkScanner.class, "network"));
            return 1;
        }
        List<FabricInterface> found;
        try {
            found = scanner.scan(provider);
        } catch (NetworkScanException e) {
            return fail(e.getMessage(), e.fault().orElse(null));
        } catch (RuntimeException | LinkageError e) {
            return fail(Log.oneLine(e), null);
        }
        log.info("Fabric scan found " + found.size() + " devices matching the provider spec: "
                + (provider.isEmpty() ? "All" : provider));
        for (FabricInterface f : found) {
            Failures.info(log, block(f));
        }
        return 0;
    }

    /** {@code \n\tfabric_iface: <dev>\n\tprovider: <provider>\n\tpinned_numa_node: <n>\n\n}. */
    static String block(FabricInterface f) {
        return "\n\tfabric_iface: " + f.device() + "\n\tprovider: " + f.provider() + "\n\tpinned_numa_node: "
                + f.numaNode() + "\n\n";
    }

    private int fail(String message, Fault fault) {
        log.error("failed to execute the fabric and device scan: " + message);
        if (fault != null && fault.hasResolution()) {
            log.error(fault.resolutionLine());
        }
        return 1;
    }

    /** {@code network list}: {@code Supported providers:} and the list. */
    int list() {
        log.info("Supported providers:");
        log.info("\t" + NetworkScanner.providerList());
        return 0;
    }
}
