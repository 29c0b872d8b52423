package io.daos.control.harness.internal;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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

import io.daos.control.api.Whiteboard;
import io.daos.control.api.StartupFailure;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.drpc.DrpcModule;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.storage.BdevProvider;
import io.daos.control.api.storage.ScmProvider;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.api.system.SystemMembership;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * OSGi face of the harness: builds a {@link HarnessCore} from the {@link ServerConfig}, publishes
 * it as {@link Harness} and as the srv {@link DrpcModule} (module 3), publishes the *Ranks gRPC
 * methods, and starts the harness thread. Framework properties: {@value #PROP_BINARY} (explicit
 * daos_io_server path; default {@code $PATH}, then {@code <daos.home>/bin/daos_io_server}),
 * {@value #PROP_RESTART} (restart back-off in ms for instances exiting after ready; 0 = off, the
 * default, as the reference), {@value #PROP_PDEATHSIG} ({@code false}: no {@code setpriv --pdeathsig KILL}
 * wrapper; by default it is used when {@code setpriv} is on the PATH, so instances die with a
 * SIGKILLed daos_server too).
 */
@Component(immediate = true, service = {})
public final class HarnessComponent {

    private static final Logger LOG = Logger.getLogger(HarnessComponent.class.getName());

    public static final String PROP_BINARY = "daos.harness.io_server";
    public static final String PROP_RESTART = "daos.harness.restart.backoff.ms";
    /** {@code false} disables the parent-death signal wrapper ({@code setpriv --pdeathsig KILL}). */
    public static final String PROP_PDEATHSIG = "daos.harness.pdeathsig";
    static final String BINARY_NAME = "daos_io_server";

    @Reference
    private ServerConfig config;
    private BundleContext context;
    private volatile SystemMembership membership;
    private HarnessCore core;
    private ManagedChannel channel;
    private Thread shutdownHook;
    private ServiceRegistration<?> harnessReg;
    private ServiceRegistration<?> moduleReg;
    private ServiceRegistration<?> grpcReg;
    private ServiceRegistration<?> failureReg;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ScmProvider scm;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BdevProvider bdev;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setMembership(SystemMembership m) {
        membership = m;
    }

    void unsetMembership(SystemMembership m) {
        if (membership == m) {
            membership = null;
        }
    }

    @Activate
    void activate(BundleContext ctx) {
        this.context = ctx;
        String home = context.getProperty("daos.home");
        Path logDir = home == null ? Path.of("log") : Path.of(home, "log");
        long backoff = 0;
        String r = context.getProperty(PROP_RESTART);
        if (r != null && !r.isBlank()) {
            try {
                backoff = Long.parseLong(r.trim());
            } catch (NumberFormatException e) {
                LOG.warning(PROP_RESTART + "=\"" + r + "\" is not a number of milliseconds; restart policy off");
            }
        }
        Path binary = findBinary(context.getProperty(PROP_BINARY), System.getenv("PATH"), home);
        core = new HarnessCore(config, binary, System.getenv(), logDir, new Hooks(), backoff);
        if (!"false".equalsIgnoreCase(String.valueOf(context.getProperty(PROP_PDEATHSIG)).trim())) {
            findOnPath("setpriv", System.getenv("PATH")).ifPresent(core::useDeathSignalWrapper);
        }
        harnessReg = context.registerService(Harness.class, core, null);
        moduleReg = context.registerService(DrpcModule.class, core, null);
        grpcReg = Whiteboard.registerGrpc(context, RanksService.definition(core));
        HarnessCore c = core;
        shutdownHook = new Thread(() -> {
            // the framework stop (launcher hook) closes the harness gracefully; whatever is left
            // when the JVM really ends is killed here
            c.killAll();
        }, "daos-harness-kill-children");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        core.start();
    }

    static java.util.Optional<Path> findOnPath(String name, String pathEnv) {
        if (pathEnv != null) {
            for (String dir : pathEnv.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    Path p = Path.of(dir, name);
                    if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                        return java.util.Optional.of(p);
                    }
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** $PATH first, then next to daos_server ({@code <daos.home>/bin}). */
    static Path findBinary(String explicit, String pathEnv, String home) {
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit.trim());
        }
        if (pathEnv != null) {
            for (String dir : pathEnv.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Path.of(dir, BINARY_NAME);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return Path.of(home == null ? "." : home, "bin", BINARY_NAME);
    }

    @Deactivate
    void deactivate() {
        Whiteboard.unregister(grpcReg);
        Whiteboard.unregister(moduleReg);
        Whiteboard.unregister(harnessReg);
        Whiteboard.unregister(failureReg);
        grpcReg = moduleReg = harnessReg = failureReg = null;
        HarnessCore c = core;
        if (c != null) {
            c.close();
        }
        synchronized (this) {
            if (channel != null) {
                channel.shutdownNow();
                try {
                    channel.awaitTermination(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                channel = null;
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway; the children are gone already
        }
    }

    private synchronized ManagedChannel channel() {
        if (channel == null) {
            String[] hp = HarnessCore.splitHostPort(config.accessPoints().get(0));
            NettyChannelBuilder b = NettyChannelBuilder.forAddress(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])));
            if (!config.allowInsecure()) {
                LOG.warning("Join client: TLS is not implemented yet; trying plaintext");
            }
            channel = b.usePlaintext().build();
        }
        return channel;
    }

    private final class Hooks implements HarnessCore.Hooks {
        @Override
        public JoinResp join(JoinReq req, Duration timeout) {
            return MgmtSvcGrpc.newBlockingStub(channel())
                    .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .join(req);
        }

        @Override
        public void memberStarted(Member m) {
            SystemMembership s = membership;
            if (s != null) {
                s.addOrUpdate(m);
            } else {
                LOG.warning("no membership service: " + m + " not registered");
            }
        }

        @Override
        public void memberState(Rank rank, MemberState state) {
            SystemMembership s = membership;
            if (s != null && s.updateState(rank, state)) {
                LOG.info("rank " + rank + " member state " + state.label() + " at "
                        + java.time.Instant.now());
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
        public long freeHugepageMB() throws Exception {
            BdevProvider p = bdev;
            return p == null ? 0 : p.hugepages().freeMb();
        }

        @Override
        public void writeNvmeConf(IOServerConfig c) throws Exception {
            BdevProvider p = bdev;
            if (p != null) {
                p.writeNvmeConf(c);
            }
        }

        @Override
        public void fatal(String message) {
            failureReg = StartupFailure.report(context, "server", 0, message, null);
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
