package io.daos.control.management.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.daos.control.api.client.PeerClient;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.log.RateLimitedLog;
import io.daos.control.api.system.LeaderRouter;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.api.system.SystemMembership;
import io.daos.control.management.internal.db.SystemDb;
import io.daos.control.management.internal.db.SystemStore;
import io.daos.control.management.internal.peer.LeaderRouting;
import io.daos.control.management.internal.peer.PeerService;
import io.daos.control.management.internal.peer.RoutedMethods;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;

/**
 * The management service: the {@code mgmt.MgmtSvc} methods other than the *Ranks ones, and the
 * system membership, both over the system DB, which it opens in the background at activation
 * ({@link DbHolder}) and closes at deactivation; and the {@link LeaderRouter} through which other
 * modules run their whole-system methods on the system DB leader, as its own system-DB methods
 * run ({@link LeaderRouting} on the calling access point, {@code peer.ControlPeer/Forward} on the
 * leader, {@link RoutedMethods} remembering what the leader is to run). The harness is optional
 * (fault 647 while it is absent or not started).
 */
@Component(service = {BindableService.class, SystemMembership.class, LeaderRouter.class}, immediate = true)
public final class MgmtComponent implements BindableService, SystemMembership, LeaderRouter {

    private static final Logger LOG = Logger.getLogger(MgmtComponent.class.getName());
    private static final RateLimitedLog NOT_SET = new RateLimitedLog(LOG);

    /** How long a caller waits for the system DB to open. */
    static final Duration OPEN_WAIT = Duration.ofSeconds(30);
    /** How often pools left Creating are looked at again while the data plane cannot answer. */
    static final Duration RESOLVE_PERIOD = Duration.ofSeconds(2);

    @Reference
    private ServerConfig config;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Harness harness;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PeerClient peerClient;

    /**
     * The methods that need the system DB: on several access points they run on the Raft leader
     * ({@link LeaderRouting}). LeaderQuery is answered by any access point ({@link #ASKED_WHEN_LOST}),
     * the device methods by the server called, the *Ranks methods by its harness.
     */
    static final Set<String> ROUTED = Set.of("Join", "PoolCreate", "PoolDestroy", "PoolQuery", "PoolSetProp",
            "PoolGetACL", "PoolOverwriteACL", "PoolUpdateACL", "PoolDeleteACL", "ListPools", "ListContainers",
            "GetAttachInfo");
    /**
     * Answered by the access point called from what its replica knows, unless that replica knows
     * no leader (restarted and not yet reached by it, say): then the leader answers, found by
     * asking the access points, instead of this one waiting for an election that is not coming.
     */
    static final Set<String> ASKED_WHEN_LOST = Set.of("LeaderQuery");
    /** What the leader's {@code ControlPeer/Forward} runs: both sets above. */
    private static final Set<String> FORWARDED = java.util.stream.Stream.concat(ROUTED.stream(),
            ASKED_WHEN_LOST.stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private DbHolder db;
    private StoreMembership membership;
    private volatile PoolService pools;
    private DeviceService devices;
    private ServiceRegistration<BindableService> peerRegistration;
    /** What other modules routed: the definitions the leader runs for their forwarded calls. */
    private final RoutedMethods routedElsewhere = new RoutedMethods();

    @Activate
    void activate(BundleContext context) {
        start(context::getProperty);
        peerRegistration = context.registerService(BindableService.class, peerService(), null);
    }

    /** Activation with the framework properties as a function (tests pass their own). */
    void start(UnaryOperator<String> props) {
        DbPlacement where;
        DbHolder.Opener opener;
        try {
            where = DbPlacement.of(config, props);
            LOG.info("system DB: " + where);
            opener = where::open;
        } catch (IOException e) {
            LOG.severe("system DB cannot be kept: " + e.getMessage());
            where = null;
            opener = () -> {
                throw e;
            };
        }
        int peers = where == null ? config.accessPoints().size() : where.peers().size();
        // the follow-up reads pools when it runs, after the first use opened the DB; with several
        // access points it runs on whichever is the leader, for as long as the server runs, since
        // a new leader settles what a dead one left Creating
        BooleanSupplier followUp = peers <= 1 ? () -> pools.settlePools()
                : () -> {
                    if (db.leadership().isLeader()) {
                        pools.settlePools();
                    }
                    return false;
                };
        db = new DbHolder(opener, peers, OPEN_WAIT, followUp, RESOLVE_PERIOD);
        pools = new PoolService(db, () -> harness, () -> peerClient, config.systemName());
        devices = new DeviceService(() -> harness);
        membership = new StoreMembership(db);
        if (peers > 1) {
            // a peer takes part in elections only once its log is open: open it now, not at first use
            db.start();
        }
        db.onLeaderChange(l -> LOG.info(l.leader() < 0 ? "system DB: no leader (term " + l.term() + ")"
                : "system DB leader: " + config.accessPoints().get(l.leader()) + (l.isLeader() ? " (this server)" : "")
                        + ", term " + l.term()));
    }

    @Deactivate
    void deactivate() {
        if (peerRegistration != null) {
            try {
                peerRegistration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
            peerRegistration = null;
        }
        if (db != null) {
            db.close();
        }
    }

    /** The system DB's applied state (waits for it to open). */
    SystemDb view() {
        return db.view();
    }

    /** The methods as this server runs them, without routing to the leader. */
    private ServerServiceDefinition local() {
        return new MgmtService(config, () -> harness, db).definition(pools::addTo, devices::addTo);
    }

    private LeaderRouting routing() {
        return new LeaderRouting(db, config.accessPoints(), config.systemName(), () -> peerClient);
    }

    @Override
    public ServerServiceDefinition bindService() {
        return routing().wrap(local(), ROUTED, ASKED_WHEN_LOST, LeaderRouting.FORWARD_TIMEOUT);
    }

    /** {@code peer.ControlPeer}: what followers and the leader ask of this server. */
    PeerService peerService() {
        return new PeerService(local(), FORWARDED, routedElsewhere, db, () -> harness, config.systemName());
    }

    /**
     * Keeps the unwrapped methods for the leader's {@code Forward} (replacing what the service had
     * routed before) and answers the service wrapped by {@link LeaderRouting}; a method name the
     * service does not have is logged and ignored.
     *
     * @throws IllegalArgumentException when {@code forwardTimeout} is not positive
     */
    @Override
    public ServerServiceDefinition route(ServerServiceDefinition service, Set<String> methods,
            Duration forwardTimeout) {
        ServerServiceDefinition wrapped = routing().wrap(service, methods, forwardTimeout);
        routedElsewhere.put(service, methods);
        LOG.fine(() -> "routed to the system DB leader: " + service.getServiceDescriptor().getName() + " "
                + new TreeSet<>(methods));
        return wrapped;
    }

    @Override
    public void withdraw(String serviceName) {
        if (routedElsewhere.withdraw(serviceName)) {
            LOG.fine(() -> "no longer routed to the system DB leader: " + serviceName);
        }
    }

    /** A DB that cannot take the change is logged, not thrown at the harness. */
    @Override
    public boolean addOrUpdate(Member member) {
        try {
            return membership.addOrUpdate(member);
        } catch (SystemStore.StoreUnavailableException e) {
            LOG.warning("system member " + member + " not recorded: " + e.getMessage());
            return false;
        }
    }

    @Override
    public Optional<Member> member(Rank rank) {
        return membership.member(rank);
    }

    @Override
    public List<Member> members(MemberState... excluded) {
        return membership.members(excluded);
    }

    @Override
    public boolean updateState(Rank rank, MemberState state) {
        try {
            return membership.updateState(rank, state);
        } catch (SystemStore.StoreUnavailableException e) {
            LOG.warning("rank " + rank + " not set " + state.label() + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * As {@link #updateState}: a DB that cannot take the change is logged (at most once a window:
     * any client's system query gets here), not thrown, and no rank is answered, since none is
     * known not to be a member.
     */
    @Override
    public List<Rank> updateStates(Map<Rank, MemberState> states) {
        try {
            return membership.updateStates(states);
        } catch (SystemStore.StoreUnavailableException e) {
            NOT_SET.warning("states", () -> states.size() + " member states not set: " + e.getMessage());
            return List.of();
        }
    }
}
