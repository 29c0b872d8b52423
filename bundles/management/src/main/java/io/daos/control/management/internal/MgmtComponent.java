package io.daos.control.management.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.api.system.SystemMembership;
import io.daos.control.management.internal.db.SystemDb;
import io.daos.control.management.internal.db.SystemStore;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;

/**
 * The management service: the {@code mgmt.MgmtSvc} methods other than the *Ranks ones, and the
 * system membership, both over the system DB, which it opens in the background at activation
 * ({@link DbHolder}) and closes at deactivation. The harness is optional (fault 647 while it is
 * absent or not started).
 */
@Component(service = {BindableService.class, SystemMembership.class}, immediate = true)
public final class MgmtComponent implements BindableService, SystemMembership {

    private static final Logger LOG = Logger.getLogger(MgmtComponent.class.getName());

    /** How long a caller waits for the system DB to open. */
    static final Duration OPEN_WAIT = Duration.ofSeconds(30);
    /** How often pools left Creating are looked at again while the data plane cannot answer. */
    static final Duration RESOLVE_PERIOD = Duration.ofSeconds(2);

    @Reference
    private ServerConfig config;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Harness harness;

    private DbHolder db;
    private StoreMembership membership;
    private volatile PoolService pools;
    private DeviceService devices;

    @Activate
    void activate(org.osgi.framework.BundleContext context) {
        start(context::getProperty);
    }

    /** Activation with the framework properties as a function (tests pass their own). */
    void start(UnaryOperator<String> props) {
        DbPlacement where = DbPlacement.of(config, props);
        LOG.info("system DB: " + where);
        // the follow-up reads pools when it runs, after the first use opened the DB
        db = new DbHolder(where::open, OPEN_WAIT, () -> pools.settlePools(), RESOLVE_PERIOD);
        pools = new PoolService(db, () -> harness);
        devices = new DeviceService(() -> harness);
        membership = new StoreMembership(db);
    }

    @Deactivate
    void deactivate() {
        if (db != null) {
            db.close();
        }
    }

    /** The system DB's applied state (waits for it to open). */
    SystemDb view() {
        return db.view();
    }

    @Override
    public ServerServiceDefinition bindService() {
        return new MgmtService(config, () -> harness, db).definition(pools::addTo, devices::addTo);
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
}
