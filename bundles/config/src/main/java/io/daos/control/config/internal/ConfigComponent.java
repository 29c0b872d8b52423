package io.daos.control.config.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.daos.control.api.Registrations;
import io.daos.control.api.StartupFailure;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.fault.Fault;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.fault.Faults;
import io.daos.control.config.CliOverrides;
import io.daos.control.config.ServerConfigLoader;
import io.daos.control.config.ServerConfigWriter;

/**
 * Publishes the {@link ServerConfig} service (properties {@code port}, {@code name},
 * {@code daos.config.path} and the control-log settings {@value #PROP_LOG_FILE},
 * {@value #PROP_LOG_MASK}, {@value #PROP_LOG_JSON}) from the framework properties {@value #PROP_CONFIG}
 * (in Apache Karaf, without it: {@code ${karaf.etc}/daos_server.yml}) and
 * {@code daos.cli.*} (see {@link CliOverrides}). On any failure it logs the error and registers a
 * {@link StartupFailure} report instead; the framework keeps running and the launcher decides.
 * After a successful load it writes the active-configuration copy (SPEC-SERVER §3.2 step 2, see
 * {@link ServerConfigWriter#writeActive}): this is where the effective configuration, the file with
 * the {@code start} flags applied, exists (the launcher only passes the flags on). The outcome is
 * only logged at FINE. No threads: loading happens synchronously in activate; deactivate unregisters.
 */
// registered by hand (publish), so declared here: resolvers that enforce the osgi.service
// requirements bnd writes for DS references (stock Karaf) read capabilities from manifests only
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=io.daos.control.api.config.ServerConfig", uses = ServerConfig.class)
@Component(immediate = true, service = {})
public class ConfigComponent {

    /** Framework property: path of {@code daos_server.yml} (our launcher sets it). */
    public static final String PROP_CONFIG = "daos.config";
    /**
     * Apache Karaf's configuration directory (a system property there): without
     * {@value #PROP_CONFIG}, the config is {@code ${karaf.etc}/daos_server.yml}.
     */
    public static final String PROP_KARAF_ETC = "karaf.etc";
    /** The config file's name in {@value #PROP_KARAF_ETC}. */
    public static final String CONFIG_FILE_NAME = "daos_server.yml";
    /** Optional framework property: examples directory named in fault-630 messages. */
    public static final String PROP_EXAMPLES = "daos.config.examples";
    /** Service property: absolute path of the loaded file. */
    public static final String PROP_CONFIG_PATH = "daos.config.path";

    /**
     * Service properties for the launcher, which applies them to the control log (it cannot load
     * our classes, so it reads plain strings): {@code control_log_file} as an absolute path
     * (relative to the working directory, as the reference opens it; empty when not set),
     * {@code control_log_mask} by name, {@code control_log_json} as {@code true}/{@code false}.
     */
    public static final String PROP_LOG_FILE = "daos.control.log.file";
    public static final String PROP_LOG_MASK = "daos.control.log.mask";
    public static final String PROP_LOG_JSON = "daos.control.log.json";

    private static final Logger LOG = Logger.getLogger("io.daos.control.config");

    private volatile ServiceRegistration<?> registration;
    /** Where the active copy goes when the config file's directory cannot take it. */
    Path activeFallbackDir = ServerConfigWriter.ACTIVE_FALLBACK_DIR;

    /** Loads, validates and registers. */
    @Activate
    public void activate(BundleContext ctx) {
        registration = publish(ctx);
    }

    /** Withdraws the service or the failure report. */
    @Deactivate
    public void deactivate() {
        ServiceRegistration<?> r = registration;
        registration = null;
        Registrations.unregister(r);
    }

    ServiceRegistration<?> publish(BundleContext ctx) {
        String path = configPath(ctx::getProperty);
        if (path == null) {
            return fail(ctx, Faults.SERVER_NO_CONFIG_PATH, Faults.SERVER_NO_CONFIG_PATH.toString());
        }
        CliOverrides overrides;
        try {
            overrides = CliOverrides.fromProperties(ctx::getProperty);
        } catch (IllegalArgumentException e) {
            return fail(ctx, null, e.getMessage());
        }
        ServerConfigLoader loader = new ServerConfigLoader();
        String examples = ctx.getProperty(PROP_EXAMPLES);
        if (examples != null && !examples.isBlank()) {
            loader.examplesDir(Path.of(examples));
        }
        ServerConfig cfg;
        try {
            cfg = loader.load(Path.of(path), overrides);
        } catch (FaultException e) {
            return fail(ctx, e.fault(), e.getMessage());
        } catch (RuntimeException e) {
            return fail(ctx, null, "failed to load config from " + path + ": " + e);
        }
        writeActive(cfg);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ServerConfig.PROP_PORT, cfg.port());
        props.put(ServerConfig.PROP_NAME, cfg.systemName());
        props.put(PROP_CONFIG_PATH, String.valueOf(cfg.configPath()));
        props.put(PROP_LOG_FILE, controlLogFile(cfg.controlLogFile()));
        props.put(PROP_LOG_MASK, cfg.controlLogMask().name());
        props.put(PROP_LOG_JSON, Boolean.toString(cfg.controlLogJson()));
        // registered first: the launcher moves the control log on this event, and this line goes there
        ServiceRegistration<?> r = ctx.registerService(ServerConfig.class, cfg, props);
        LOG.info("DAOS config loaded from " + cfg.configPath());
        return r;
    }

    /**
     * {@value #PROP_CONFIG}, else {@code daos_server.yml} in Karaf's {@value #PROP_KARAF_ETC},
     * else null (not set: fault 631).
     */
    static String configPath(UnaryOperator<String> props) {
        String path = props.apply(PROP_CONFIG);
        if (path != null && !path.isBlank()) {
            return path;
        }
        String etc = props.apply(PROP_KARAF_ETC);
        return etc == null || etc.isBlank() ? null : Path.of(etc.trim(), CONFIG_FILE_NAME).toString();
    }

    /** {@code control_log_file} made absolute against the working directory; "" stays "". */
    static String controlLogFile(String file) {
        return file == null || file.isBlank() ? "" : Path.of(file).toAbsolutePath().normalize().toString();
    }

    private void writeActive(ServerConfig cfg) {
        try {
            LOG.fine("active config saved to " + ServerConfigWriter.writeActive(cfg, activeFallbackDir));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "active config could not be saved: " + e, e);
        }
    }

    private static ServiceRegistration<?> fail(BundleContext ctx, Fault fault, String message) {
        String oneLine = message == null ? "unknown configuration error" : message.replace('\n', ' ');
        LOG.severe(oneLine + (fault != null && fault.hasResolution() ? " (" + fault.resolutionLine() + ")" : ""));
        if (fault == null) {
            return StartupFailure.report(ctx, "config", 0, oneLine, null);
        }
        return StartupFailure.report(ctx, fault.displayDomain(), fault.code(), oneLine,
                fault.hasResolution() ? fault.resolution() : null);
    }
}
