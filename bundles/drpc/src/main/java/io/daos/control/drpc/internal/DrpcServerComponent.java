package io.daos.control.drpc.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.daos.control.api.Registrations;
import io.daos.control.api.StartupFailure;
import io.daos.control.api.config.PositiveSetting;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.drpc.DrpcModule;
import io.daos.control.drpc.DrpcServer;

/**
 * The control server's dRPC listener: {@code <socket_dir>/daos_server.sock} (WIRE.md §4.3),
 * dispatching to every {@link DrpcModule} service (whiteboard, by module id) and answering module
 * 2 with UNKNOWN_METHOD unless a service provides it. Like the reference it removes
 * {@code daos_server.sock} and {@code daos_io_server*.sock} from the socket directory at start
 * and stop. A listener that cannot start is reported as a {@link StartupFailure}. The connection
 * bounds come from the framework properties {@value DrpcServer#MAX_CONNECTIONS_PROPERTY} (default
 * {@value DrpcServer#DEFAULT_MAX_CONNECTIONS}) and {@value DrpcServer#MAX_PER_USER_PROPERTY}
 * (default {@value DrpcServer#DEFAULT_MAX_PER_USER}).
 */
@Component(immediate = true)
public final class DrpcServerComponent {

    private static final Logger LOG = Logger.getLogger(DrpcServerComponent.class.getName());

    /** File name of the control server's socket in {@code socket_dir}. */
    public static final String SOCKET_NAME = "daos_server.sock";
    static final String FAILURE_DOMAIN = "drpc";

    private final ModuleTable table = new ModuleTable();

    /** Static, mandatory: a new configuration restarts the listener. */
    @Reference
    private ServerConfig config;

    private DrpcServer server;
    private ServiceRegistration<Object> failure;

    @Activate
    void activate(BundleContext context) {
        String dirName = config.socketDir();
        Path socket = Paths.get(dirName == null || dirName.isEmpty() ? "." : dirName, SOCKET_NAME)
                .toAbsolutePath();
        removeStaleSockets(socket.getParent());
        try {
            int max = bound(context, DrpcServer.MAX_CONNECTIONS_PROPERTY, DrpcServer.DEFAULT_MAX_CONNECTIONS);
            int perUser = bound(context, DrpcServer.MAX_PER_USER_PROPERTY, DrpcServer.DEFAULT_MAX_PER_USER);
            server = DrpcServer.start(socket, table::get, max, perUser);
            LOG.info("dRPC listening on " + socket + " (at most " + max + " connections, " + perUser
                    + " per user)");
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.severe(msg);
            failure = StartupFailure.report(context, FAILURE_DOMAIN, 0, msg,
                    "check socket_dir in the server configuration (it must be a writable directory"
                            + " whose path leaves room for " + SOCKET_NAME + " within 107 characters)");
        }
    }

    @Deactivate
    void deactivate() {
        Registrations.unregister(failure);
        failure = null;
        DrpcServer s = server;
        server = null;
        if (s != null) {
            s.close();
            removeStaleSockets(s.socketPath().getParent());
        }
    }

    /**
     * A connection bound from a framework (or system) property; absent means the default, a value
     * that is not a positive integer is logged and the default used.
     */
    static int bound(BundleContext context, String property, int dflt) {
        String v = context.getProperty(property);
        return (int) PositiveSetting.read(v, dflt, Integer.MAX_VALUE,
                () -> LOG.warning(property + " must be a positive integer, not \"" + v + "\"; using " + dflt));
    }

    /** Deletes daos_server.sock and daos_io_server*.sock (reference start-up/shut-down clean-up). */
    static void removeStaleSockets(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "{daos_server.sock,daos_io_server*.sock}")) {
            for (Path p : ds) {
                if (!Files.isDirectory(p)) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        LOG.warning("cannot remove stale dRPC socket " + p + ": " + e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            LOG.warning("cannot list dRPC socket directory " + dir + ": " + e.getMessage());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            service = DrpcModule.class)
    void bindModule(DrpcModule module, Map<String, Object> props) {
        table.put(serviceId(props), ranking(props), module, String.valueOf(props.get("component.name")));
    }

    void updatedModule(DrpcModule module, Map<String, Object> props) {
        table.put(serviceId(props), ranking(props), module, String.valueOf(props.get("component.name")));
    }

    void unbindModule(DrpcModule module, Map<String, Object> props) {
        table.remove(serviceId(props));
    }

    private static long serviceId(Map<String, Object> props) {
        Object id = props.get(Constants.SERVICE_ID);
        return id instanceof Long ? (Long) id : -1L;
    }

    private static int ranking(Map<String, Object> props) {
        Object r = props.get(Constants.SERVICE_RANKING);
        return r instanceof Integer ? (Integer) r : 0;
    }
}
