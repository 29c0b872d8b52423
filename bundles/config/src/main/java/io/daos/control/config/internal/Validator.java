package io.daos.control.config.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.daos.control.api.config.ScmClass;
import io.daos.control.api.fault.Fault;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.net.HostPort;

/**
 * Validation of SPEC-SERVER §1.6, in the reference order; the first failure wins. Beyond the
 * reference, numbers outside their natural range are refused too (the control port outside
 * 1..65535 with fault 632; per server {@code targets}, {@code nr_xs_helpers}, {@code first_core},
 * {@code fabric_iface_port} and the storage sizes in the per-server style), each message naming
 * the field, its value and the allowed range.
 */
public final class Validator {

    private static final Logger LOG = Logger.getLogger("io.daos.control.config");

    private Validator() {
    }

    /**
     * Validates and normalises {@code cfg} in place (fabric fill, access points rewritten to
     * {@code host:port}).
     *
     * @param examplesDir shown in the re-wrapped per-server errors (fault 630)
     */
    public static void validate(ServerConfigData cfg, Path examplesDir) throws FaultException {
        // 1. provider
        if (cfg.provider.isEmpty()) {
            throw new FaultException(Faults.SERVER_CONFIG_BAD_PROVIDER);
        }
        // 2.-3. one to MAX_ACCESS_POINTS access points (the reference allows exactly one), each
        // split into host and port (the control port by default), port 0 refused, rewritten as
        // host:port, none listed twice
        cfg.accessPoints = accessPoints(cfg.accessPoints, cfg.port);
        // 3b. the control port itself (the access point may carry its own)
        if (cfg.port < MIN_PORT || cfg.port > MAX_PORT) {
            throw new FaultException(outOfRange("port", cfg.port, MIN_PORT, MAX_PORT) + ": "
                    + Faults.SERVER_CONFIG_BAD_CONTROL_PORT, Faults.SERVER_CONFIG_BAD_CONTROL_PORT);
        }
        // 4. at least one server
        if (cfg.servers.isEmpty()) {
            throw new FaultException(Faults.SERVER_CONFIG_NO_SERVERS);
        }
        // 5. per server: fabric fill + fabric check + storage check
        for (IOServerEntry s : cfg.servers) {
            fillFabric(cfg, s);
            String err = checkFabric(s);
            if (err != null) {
                throw badConfig("I/O server " + s.index + " failed config validation: fabric config validation failed: "
                        + err, examplesDir);
            }
            err = checkScm(s);
            if (err != null) {
                throw badConfig("I/O server " + s.index + " failed config validation: storage config validation "
                        + "failed: scm config validation failed: " + err, examplesDir);
            }
            err = checkRanges(s);
            if (err != null) {
                throw badConfig("I/O server " + s.index + " failed config validation: " + err, examplesDir);
            }
        }
        // 6. uniqueness
        if (cfg.servers.size() > 1) {
            checkUnique(cfg.servers);
        }
    }

    /** The most access points a system may have: each is a Raft peer, and every write waits for a majority. */
    static final int MAX_ACCESS_POINTS = 7;

    /**
     * The access points normalised to {@code host:port}. Unlike the reference (exactly one), 1 to
     * {@value #MAX_ACCESS_POINTS} are accepted, each once; an even count is accepted with a warning,
     * as it tolerates no more failed access points than one fewer would.
     */
    static List<String> accessPoints(List<String> given, int port) throws FaultException {
        if (given.isEmpty() || given.size() > MAX_ACCESS_POINTS) {
            String why = given.isEmpty() ? "no access point listed"
                    : given.size() + " access points listed, at most " + MAX_ACCESS_POINTS + " are supported";
            throw new FaultException(why + ": " + Faults.SERVER_CONFIG_BAD_ACCESS_POINTS,
                    Faults.SERVER_CONFIG_BAD_ACCESS_POINTS);
        }
        List<String> out = new ArrayList<>();
        for (String ap : given) {
            HostPort hp;
            try {
                hp = HostPort.parse(ap, port);
            } catch (IllegalArgumentException e) {
                throw new FaultException(e.getMessage() + ": " + Faults.SERVER_CONFIG_BAD_ACCESS_POINTS,
                        Faults.SERVER_CONFIG_BAD_ACCESS_POINTS);
            }
            if (hp.port() != port) {
                LOG.fine(() -> "access point (" + ap + ") port differs from control port (" + port + ")");
            }
            if (hp.port() == 0) {
                throw new FaultException(Faults.SERVER_CONFIG_BAD_CONTROL_PORT);
            }
            String normal = hp.toString();
            if (out.contains(normal)) {
                throw new FaultException("access point " + normal + " listed twice: "
                        + Faults.SERVER_CONFIG_BAD_ACCESS_POINTS, Faults.SERVER_CONFIG_BAD_ACCESS_POINTS);
            }
            out.add(normal);
        }
        if (out.size() % 2 == 0) {
            LOG.warning(out.size() + " access points: an even number tolerates no more failed access points ("
                    + (out.size() - 1) / 2 + ") than " + (out.size() - 1) + " would; an odd number is recommended");
        }
        return List.copyOf(out);
    }

    /** Top-level fabric values fill empty/0 per-server ones (§1.5). */
    static void fillFabric(ServerConfigData cfg, IOServerEntry s) {
        if (s.provider.isEmpty()) {
            s.provider = cfg.provider;
        }
        if (s.fabricIface.isEmpty()) {
            s.fabricIface = cfg.fabricIface;
        }
        if (s.fabricIfacePort == 0) {
            s.fabricIfacePort = cfg.fabricIfacePort;
        }
    }

    /** Lowest and highest TCP port. */
    static final int MIN_PORT = 1;
    static final int MAX_PORT = 65535;
    /** Highest target, helper or core count (the range of the {@code start} flags). */
    static final int MAX_COUNT = 65535;

    /** {@code <field> <value> out of range [<min>, <max>]}, the wording of the rank check. */
    static String outOfRange(String field, long value, long min, long max) {
        return field + " " + value + " out of range [" + min + ", " + max + "]";
    }

    /**
     * The per-server numbers: {@code targets} 1..65535 when given (left out, 0 keeps the
     * reference's meaning, all cores), helpers and first core 0..65535, the fabric port
     * 0..65535 (0: unset) and the storage sizes not negative. Null when all are in range.
     */
    static String checkRanges(IOServerEntry s) {
        int minTargets = s.targetsGiven ? 1 : 0;
        if (s.targets < minTargets || s.targets > MAX_COUNT) {
            return outOfRange("targets", s.targets, 1, MAX_COUNT);
        }
        String err = range("nr_xs_helpers", s.nrXsHelpers, 0, MAX_COUNT);
        err = err != null ? err : range("first_core", s.firstCore, 0, MAX_COUNT);
        err = err != null ? err : range("fabric_iface_port", s.fabricIfacePort, 0, MAX_PORT);
        err = err != null ? err : range("scm_size", s.scmSize, 0, Integer.MAX_VALUE);
        err = err != null ? err : range("bdev_number", s.bdevNumber, 0, Integer.MAX_VALUE);
        return err != null ? err : range("bdev_size", s.bdevSize, 0, Integer.MAX_VALUE);
    }

    private static String range(String field, int value, int min, int max) {
        return value < min || value > max ? outOfRange(field, value, min, max) : null;
    }

    private static FaultException badConfig(String message, Path examplesDir) {
        Fault f = Faults.SERVER_BAD_CONFIG;
        return new FaultException(message + ", examples: " + examplesDir + ": " + f, f);
    }

    static String checkFabric(IOServerEntry s) {
        if (s.provider.isEmpty()) {
            return "missing provider";
        }
        if (s.fabricIface.isEmpty()) {
            return "missing interface";
        }
        return null;
    }

    static String checkScm(IOServerEntry s) {
        if (s.scmMount.isEmpty()) {
            return "no scm_mount set";
        }
        if (s.scmClass == ScmClass.DCPM) {
            if (s.scmSize > 0) {
                return "scm_size may not be set when scm_class is dcpm";
            }
            if (s.scmList.isEmpty()) {
                return "scm_list must be set when scm_class is dcpm";
            }
        } else if (s.scmClass == ScmClass.RAM) {
            if (s.scmSize == 0) {
                return "scm_size may not be unset or 0 when scm_class is ram";
            }
            if (!s.scmList.isEmpty()) {
                return "scm_list may not be set when scm_class is ram";
            }
        } else {
            return "scm_class not set";
        }
        if (s.scmList.size() > 1) {
            return "scm_list may have at most 1 devices";
        }
        return null;
    }

    private static void checkUnique(List<IOServerEntry> servers) throws FaultException {
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Integer> seenScm = new HashMap<>();
        Map<String, Integer> seenBdev = new HashMap<>();
        for (IOServerEntry s : servers) {
            int i = s.index;
            String fabric = "fabric:" + s.provider + "-" + s.fabricIface + "-" + s.fabricIfacePort;
            Integer j = seen.putIfAbsent(fabric, i);
            if (j != null) {
                throw new FaultException(Faults.serverConfigDuplicateFabric(i, j));
            }
            if (!s.logFile.isEmpty()) {
                j = seen.putIfAbsent("log_file:" + s.logFile, i);
                if (j != null) {
                    throw new FaultException(Faults.serverConfigDuplicateLogFile(i, j));
                }
            }
            j = seen.putIfAbsent("scm_mount:" + s.scmMount, i);
            if (j != null) {
                throw new FaultException(Faults.serverConfigDuplicateScmMount(i, j));
            }
            for (String dev : s.scmList) {
                j = seenScm.putIfAbsent(dev, i);
                if (j != null) {
                    throw new FaultException(Faults.serverConfigDuplicateScmDeviceList(i, j));
                }
            }
            for (String dev : s.bdevList) {
                j = seenBdev.putIfAbsent(dev, i);
                if (j != null) {
                    throw new FaultException(Faults.serverConfigOverlappingBdevDeviceList(i, j));
                }
            }
        }
        if (LOG.isLoggable(Level.FINEST)) {
            LOG.finest("uniqueness checks passed for " + servers.size() + " servers");
        }
    }
}
