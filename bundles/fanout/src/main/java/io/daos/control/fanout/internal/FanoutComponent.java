package io.daos.control.fanout.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.daos.control.api.client.HarnessClient;
import io.daos.control.api.config.PositiveSetting;
import io.daos.control.api.grpc.Bounds;
import io.daos.control.api.grpc.GrpcMethods;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.system.LeaderRouter;
import io.daos.control.api.system.SystemMembership;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;

/**
 * The gRPC module serving {@code ctl.MgmtCtl/SystemQuery}, {@code SystemStop} and
 * {@code SystemStart}: the system commands, run on the leader of the system DB (with several
 * access points a follower hands them to the leader through the {@link LeaderRouter}). Host calls
 * go through the {@link HarnessClient} service (the client layer: one cached connection per host,
 * transport security in one place) and the {@link Fanout}; the harness and the client are optional
 * (see {@link SystemQueryService} and {@link SystemControlService}).
 *
 * <p>The fanout's bounds: each is the component property of the name below (without the
 * {@code daos.fanout.} prefix), else the framework property, else the default of {@link Fanout};
 * a value that is not a positive integer warns and the default is used.
 * <ul>
 * <li>{@value #PROP_IN_FLIGHT}: calls in flight at once (256);</li>
 * <li>{@value #PROP_QUERY_DEADLINE}: per-host deadline of a query's PingRanks (2,000);</li>
 * <li>{@value #PROP_QUERY_BUDGET}: time of a whole query's fanout (30,000);</li>
 * <li>{@value #PROP_CONTROL_DEADLINE}, {@value #PROP_CONTROL_BUDGET}: the same for a stop or
 *     start stage (30,000 and 120,000; for SystemStop/SystemStart).</li>
 * </ul>
 */
@Component(service = BindableService.class)
public final class FanoutComponent implements BindableService {

    private static final Logger LOG = Logger.getLogger(FanoutComponent.class.getName());
    static final String PREFIX = "daos.fanout.";
    /** Calls in flight at once. */
    public static final String PROP_IN_FLIGHT = "daos.fanout.inflight";
    /** Per-host deadline of PingRanks, milliseconds. */
    public static final String PROP_QUERY_DEADLINE = "daos.fanout.query.deadline.ms";
    /** Budget of a whole query fanout, milliseconds. */
    public static final String PROP_QUERY_BUDGET = "daos.fanout.query.budget.ms";
    /** Per-host deadline of PrepShutdownRanks/StopRanks/StartRanks, milliseconds. */
    public static final String PROP_CONTROL_DEADLINE = "daos.fanout.control.deadline.ms";
    /** Budget of a whole stop or start stage, milliseconds. */
    public static final String PROP_CONTROL_BUDGET = "daos.fanout.control.budget.ms";

    /** The methods run on the system DB leader. */
    static final Set<String> ROUTED = Set.of("SystemQuery", "SystemStop", "SystemStart");
    /** Beyond two stages' budgets, how long a follower waits for the leader's answer. */
    static final Duration FORWARD_MARGIN = Duration.ofSeconds(15);

    private volatile Fanout.Settings query = Fanout.Settings.query();
    private volatile Fanout.Settings control = Fanout.Settings.control();
    private final MemberHosts hosts = new MemberHosts();

    @Reference
    private SystemMembership membership;
    @Reference
    private LeaderRouter router;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Harness harness;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile HarnessClient client;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        Function<String, Object> value = source(properties, context::getProperty);
        query = settings(value, Fanout.Settings.query(), PROP_QUERY_DEADLINE, PROP_QUERY_BUDGET);
        control = settings(value, Fanout.Settings.control(), PROP_CONTROL_DEADLINE, PROP_CONTROL_BUDGET);
    }

    @Deactivate
    void deactivate() {
        router.withdraw(MgmtCtlGrpc.SERVICE_NAME);
    }

    /** A property by its framework name: the component property without the prefix, else the framework's. */
    static Function<String, Object> source(Map<String, Object> component, Function<String, String> framework) {
        return name -> {
            Object v = component.get(name.substring(PREFIX.length()));
            return v != null ? v : framework.apply(name);
        };
    }

    /** The settings of one kind of operation, from {@code value} (property name to value or null). */
    static Fanout.Settings settings(Function<String, Object> value, Fanout.Settings defaults, String deadline,
            String budget) {
        return new Fanout.Settings(
                (int) Math.min(Integer.MAX_VALUE, positive(value, PROP_IN_FLIGHT, defaults.inFlight())),
                Duration.ofMillis(positive(value, deadline, defaults.hostDeadline().toMillis())),
                Duration.ofMillis(positive(value, budget, defaults.budget().toMillis())));
    }

    /** A positive integer property; unset is the default; a bad value warns and is the default. */
    static long positive(Function<String, Object> value, String name, long dflt) {
        Object v = value.apply(name);
        return PositiveSetting.read(v, dflt, Long.MAX_VALUE, () -> LOG.warning(name + "=" + Bounds.quote(v.toString())
                + " is not a positive integer; using " + dflt));
    }

    /** The bounds of a query fanout. */
    Fanout.Settings querySettings() {
        return query;
    }

    /** The bounds of a stop or start stage (for SystemStop/SystemStart). */
    Fanout.Settings controlSettings() {
        return control;
    }

    /** How long a follower waits for the leader to answer a forwarded command: a stop's two stages and a margin. */
    Duration forwardTimeout() {
        Duration query = this.query.budget();
        Duration stop = control.budget().multipliedBy(2);
        return (query.compareTo(stop) > 0 ? query : stop).plus(FORWARD_MARGIN);
    }

    @Override
    public ServerServiceDefinition bindService() {
        SystemScope scope = new SystemScope(() -> harness, membership, () -> client, hosts);
        SystemQueryService q = new SystemQueryService(scope, query);
        SystemControlService c = new SystemControlService(scope, control);
        ServerServiceDefinition local = ServerServiceDefinition.builder(MgmtCtlGrpc.SERVICE_NAME)
                .addMethod(MgmtCtlGrpc.getSystemQueryMethod(), GrpcMethods.unary(q::query))
                .addMethod(MgmtCtlGrpc.getSystemStopMethod(), GrpcMethods.unary(c::stop))
                .addMethod(MgmtCtlGrpc.getSystemStartMethod(), GrpcMethods.unary(c::start))
                .build();
        return router.route(local, ROUTED, forwardTimeout());
    }
}
