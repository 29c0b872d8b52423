package io.daos.control.dmg.cli;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.daos.control.api.fault.Fault;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.fault.Faults;

/**
 * Finds, reads and validates {@code daos.yml} as the reference does (SPEC-SYSTEM §6.1 step 3,
 * §6.2): {@code -o} (absolute or relative to the working directory; must exist), else
 * {@code <CONF_DIR>/daos.yml} if present, else {@code <home>/etc/daos.yml} if present, else the
 * built-in defaults.
 */
public final class ClientConfigLoader {

    /** The file name searched for. */
    public static final String FILE_NAME = "daos.yml";

    private ClientConfigLoader() {
    }

    /**
     * The configuration to use.
     *
     * @param configPath the {@code -o} value, or null
     * @throws DmgException   for a missing explicit file, an unreadable file or bad YAML
     * @throws FaultException for a configuration that fails validation (faults 527, 528)
     */
    public static ClientConfig load(String configPath, Platform platform, Output out)
            throws DmgException, FaultException {
        Path path = null;
        boolean mustExist = true;
        if (configPath != null) {
            path = platform.cwd().resolve(configPath).normalize();
        } else if (platform.confDir() != null && Files.exists(platform.confDir().resolve(FILE_NAME))) {
            path = platform.confDir().resolve(FILE_NAME).normalize();
        } else if (platform.home() != null) {
            path = platform.home().resolve("etc").resolve(FILE_NAME).normalize();
            mustExist = false;
        }
        if (path == null || !mustExist && !Files.exists(path)) {
            out.debug("No configuration file found; using default values");
            return ClientConfig.DEFAULT;
        }
        if (!Files.exists(path)) {
            throw new DmgException("stat " + path + ": no such file or directory");
        }
        ClientConfig cfg;
        try {
            cfg = ClientConfigParser.parse(read(path), path.toString());
        } catch (ClientConfigParser.ParseException | DmgException e) {
            throw new DmgException("parsing config file " + path + ": " + e.getMessage());
        }
        if (out.isDebug()) {
            out.debug("DAOS Client config read from " + path);
        }
        try {
            return validate(cfg);
        } catch (FaultException e) {
            throw e.withContext("validating config file " + path);
        }
    }

    private static String read(Path path) throws DmgException {
        if (Files.isDirectory(path)) {
            throw new DmgException("read " + path + ": is a directory");
        }
        // a plain stream: Files.readString would load the whole channel stack at start-up
        try (FileInputStream in = new FileInputStream(path.toFile())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            throw new DmgException("open " + path + ": " + (Files.exists(path) ? "permission denied"
                    : "no such file or directory"));
        } catch (IOException e) {
            throw new DmgException("open " + path + ": " + Reasons.of(e));
        }
    }

    /**
     * The reference's validation: at most one access point (fault 528), each split into host and
     * port with the configured port as default (a split error is fault 528 with the error before
     * it), port 0 is fault 527; access points are normalised to {@code host:port}.
     */
    public static ClientConfig validate(ClientConfig cfg) throws FaultException {
        if (cfg.accessPoints().size() > 1) {
            throw new FaultException(fault(Faults.CODE_CLIENT_CONFIG_BAD_ACCESS_POINTS));
        }
        List<String> normal = new ArrayList<>();
        for (String ap : cfg.accessPoints()) {
            String host;
            String port;
            int colon = ap.indexOf(':');
            if (colon < 0) {
                host = ap;
                port = Integer.toString(cfg.port());
            } else if (ap.indexOf(':', colon + 1) >= 0) {
                throw badAccessPoint("address " + ap + ": too many colons in address");
            } else {
                host = ap.substring(0, colon);
                port = ap.substring(colon + 1);
                if (!isAtoi(port)) {
                    throw badAccessPoint("invalid port " + Fault.quote(port));
                }
            }
            if (port.equals("0")) {
                throw new FaultException(fault(Faults.CODE_CLIENT_CONFIG_BAD_CONTROL_PORT));
            }
            // String.concat: no string-concatenation bootstrap on the start-up path
            normal.add(host.concat(":").concat(port));
        }
        return cfg.withAccessPoints(normal);
    }

    /** A catalogued fault; looked up only on failure (the catalogue is built on first use). */
    private static Fault fault(int code) {
        return Faults.byCode(code).orElseThrow();
    }

    /** Fault 528 with the split error before it, as Go's {@code errors.Wrap(fault, err.Error())}. */
    private static FaultException badAccessPoint(String why) {
        Fault f = fault(Faults.CODE_CLIENT_CONFIG_BAD_ACCESS_POINTS);
        return new FaultException(why + ": " + f, f);
    }

    /** Whether Go's {@code strconv.Atoi} accepts {@code s}: an optional sign and decimal digits. */
    private static boolean isAtoi(String s) {
        int i = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        if (i == s.length() || s.length() - i > 18) {
            return false;
        }
        for (; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
