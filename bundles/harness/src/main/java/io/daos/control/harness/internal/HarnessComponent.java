package io.daos.control.harness.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.daos.control.api.Registrations;
import io.daos.control.api.StartupFailure;
import io.daos.control.api.client.MgmtClient;
import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.drpc.DrpcClientFactory;
import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.exec.Executables;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.harness.LocalInstance;
import io.daos.control.api.net.ListenAddress;
import io.daos.control.api.storage.BdevProvider;
import io.daos.control.api.storage.ScmProvider;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.api.system.SystemMembership;

/**
 * The OSGi face of the harness: builds an {@link IOServerHarness} from the {@link ServerConfig}
 * and the framework properties, publishes it as the api {@link Harness} and, for
 * {@link SrvModule} and {@link RanksService}, as {@link LocalInstances}; starts the harness
 * thread and stops it on deactivation. The services the harness uses at run time (dRPC client
 * factory, management client, storage providers, membership) are dynamic references: replacing
 * one, for example by updating the drpc bundle, leaves the harness and its I/O servers running. A
 * local management service member started before there is a membership service (the management
 * bundle may come up after the harness) is registered when one binds.
 *
 * <p>Framework properties: {@value #PROP_BINARY} (explicit daos_io_server path; default
 * {@code $PATH}, then {@code <daos.home>/bin/daos_io_server}), {@value #PROP_RESTART} (restart
 * back-off in ms for instances exiting after their start; 0 = off, the default, as the
 * reference), {@value #PROP_PDEATHSIG} ({@code false}: no {@code setpriv --pdeathsig KILL}
 * wrapper; by default it is used when {@code setpriv} is on the PATH, so instances die with a
 * SIGKILLed daos_server too).
 */
@Component(immediate = true, service = {Harness.class, LocalInstances.class})
public final class HarnessComponent implements Harness, LocalInstances {

    private static final Logger LOG = Logger.getLogger(HarnessComponent.class.getName());

    public static final String PROP_BINARY = "daos.harness.io_server";
    public static final String PROP_RESTART = "daos.harness.restart.backoff.ms";
    /** {@code false} disables the parent-death signal wrapper ({@code setpriv --pdeathsig KILL}). */
    public static final String PROP_PDEATHSIG = "daos.harness.pdeathsig";
    static final String BINARY_NAME = "daos_io_server";

    @Reference
    private ServerConfig config;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DrpcClientFactory drpcClients;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MgmtClient mgmtClient;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ScmProvider scm;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BdevProvider bdev;
    /** The membership service, or null (guarded by {@link #unregistered}). */
    private SystemMembership membership;
    /**
     * Local MS members the harness registered while there was no membership service (the
     * management bundle may come up after the harness has started its instances), by rank;
     * registered when one binds (guarded by itself).
     */
    private final Map<Rank, Member> unregistered = new LinkedHashMap<>();

    private BundleContext context;
    private IOServerHarness harness;
    private Thread shutdownHook;
    private volatile ServiceRegistration<?> failure;

    @Activate
    void activate(BundleContext ctx) {
        this.context = ctx;
        String home = ctx.getProperty("daos.home");
        String pathEnv = System.getenv("PATH");
        Path logDir = home == null ? Path.of("log") : Path.of(home, "log");
        Path binary = findBinary(ctx.getProperty(PROP_BINARY), pathEnv, home);
        IOServerHarness h = new IOServerHarness(config, ctx.getProperty(ListenAddress.PROPERTY), binary,
                System.getenv(), logDir, new Hooks(),
                restartBackoff(ctx.getProperty(PROP_RESTART)));
        if (!"false".equalsIgnoreCase(String.valueOf(ctx.getProperty(PROP_PDEATHSIG)).trim())) {
            Executables.onPath("setpriv", pathEnv).ifPresent(h::useDeathSignalWrapper);
        }
        harness = h;
        // I/O servers a SIGKILLed predecessor left (no parent-death signal reached them) would run
        // beside ours on the same storage
        LeftoverEngines.killAll(config.socketDir());
        // the framework stop (launcher hook) closes the harness gracefully; whatever is left
        // when the JVM really ends is killed here
        shutdownHook = new Thread(h::killAll, "daos-harness-kill-children");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        h.start();
    }

    @Deactivate
    void deactivate() {
        ServiceRegistration<?> f = failure;
        failure = null;
        Registrations.unregister(f);
        IOServerHarness h = harness;
        if (h != null) {
            h.close();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway; the children are gone already
        }
    }

    /** The explicit path, else {@code daos_io_server} on {@code $PATH}, else {@code <daos.home>/bin}. */
    static Path findBinary(String explicit, String pathEnv, String home) {
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit.trim());
        }
        Path bin = Path.of(home == null ? "." : home, "bin");
        return Executables.find(BINARY_NAME, pathEnv, bin).orElse(bin.resolve(BINARY_NAME));
    }

    /** The restart back-off property in ms; unset, blank or not a number (logged) is 0 (off). */
    static long restartBackoff(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            LOG.warning(PROP_RESTART + "=\"" + value + "\" is not a number of milliseconds; restart policy off");
            return 0;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            service = SystemMembership.class)
    void bindMembership(SystemMembership m) {
        synchronized (unregistered) {
            membership = m;
            for (Member member : unregistered.values()) {
                m.addOrUpdate(member);
            }
            unregistered.clear();
        }
    }

    void unbindMembership(SystemMembership m) {
        synchronized (unregistered) {
            if (membership == m) {
                membership = null;
            }
        }
    }

    // ---------------------------------------------------------------- the services, by delegation

    @Override
    public int instanceCount() {
        return harness.instanceCount();
    }

    @Override
    public boolean isStarted() {
        return harness.isStarted();
    }

    @Override
    public <T, E extends Exception> Optional<T> atFormatGate(GateWork<T, E> work) throws E, InterruptedException {
        return harness.atFormatGate(work);
    }

    @Override
    public void storageReady(int index) {
        harness.storageReady(index);
    }

    @Override
    public byte[] callMsReplica(int method, byte[] body, Duration timeout)
            throws FaultException, IOException, DrpcException {
        return harness.callMsReplica(method, body, timeout);
    }

    @Override
    public int msReplicaTargets() throws FaultException, IOException {
        return harness.msReplicaTargets();
    }

    @Override
    public byte[] callInstance(int index, int method, byte[] body, Duration timeout)
            throws FaultException, IOException, DrpcException {
        return harness.callInstance(index, method, body, timeout);
    }

    @Override
    public List<LocalInstance> localInstances() {
        return harness.localInstances();
    }

    @Override
    public List<IOServerInstance> instances() {
        return harness.instances();
    }

    @Override
    public void requestStart() throws RanksException {
        harness.requestStart();
    }

    @Override
    public void awaitRunning(boolean all, List<IOServerInstance> which, long ms) throws InterruptedException {
        harness.awaitRunning(all, which, ms);
    }

    @Override
    public RankOpsLock rankOps() {
        return harness.rankOps();
    }

    // ---------------------------------------------------------------- what the harness uses

    final class Hooks implements HarnessHooks {
        @Override
        public MgmtClient mgmtClient() {
            return mgmtClient;
        }

        @Override
        public DrpcClientFactory drpcClients() {
            return drpcClients;
        }

        @Override
        public void memberRegistered(Member m) {
            synchronized (unregistered) {
                if (membership != null) {
                    membership.addOrUpdate(m);
                } else {
                    LOG.fine("no membership service yet: " + m + " registered when one appears");
                    unregistered.put(m.rank(), m);
                }
            }
        }

        @Override
        public void memberState(Rank rank, MemberState state) {
            synchronized (unregistered) {
                if (membership == null) {
                    unregistered.computeIfPresent(rank, (r, m) -> m.withState(state));
                } else if (membership.updateState(rank, state)) {
                    LOG.info("rank " + rank + " member state " + state.label() + " at " + Instant.now());
                }
            }
        }

        @Override
        public boolean scmNeedsFormat(IOServerConfig c) throws Exception {
            ScmProvider p = scm;
            return p != null && p.needsFormat(c);
        }

        @Override
        public void mountScm(IOServerConfig c) throws Exception {
            ScmProvider p = scm;
            if (p != null) {
                p.mount(c);
            }
        }

        @Override
        public void prepareBdevs(IOServerConfig c) throws Exception {
            BdevProvider p = bdev;
            if (p != null) {
                p.prepare(c);
            }
        }

        @Override
        public void writeNvmeConf(IOServerConfig c) throws Exception {
            BdevProvider p = bdev;
            if (p != null) {
                p.writeNvmeConf(c);
            }
        }

        @Override
        public long freeHugepageMB() throws Exception {
            BdevProvider p = bdev;
            return p == null ? 0 : p.hugepages().freeMb();
        }

        @Override
        public void fatal(String message) {
            failure = StartupFailure.report(context, "server", 0, message, null);
            Thread t = new Thread(() -> {
                try {
                    context.getBundle(0).stop();
                } catch (BundleException | IllegalStateException e) {
                    LOG.severe("cannot stop the server after a fatal harness error: " + e.getMessage());
                }
            }, "daos-harness-fatal-stop");
            t.start();
        }
    }
}
