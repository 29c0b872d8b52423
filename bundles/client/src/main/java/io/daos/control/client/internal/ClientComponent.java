package io.daos.control.client.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.client.HarnessClient;
import io.daos.control.api.client.MgmtClient;
import io.daos.control.api.client.PeerClient;
import io.daos.control.api.config.PositiveSetting;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.net.HostPort;
import io.daos.control.api.net.ListenAddress;
import io.daos.control.api.security.TransportSecurity;
import io.daos.control.grpc.runtime.NettyWarmup;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.LeaderQueryReq;
import io.daos.control.proto.mgmt.LeaderQueryResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;
import io.grpc.MethodDescriptor;

/**
 * The client layer as OSGi services: {@link MgmtClient}, {@link HarnessClient} and
 * {@link PeerClient}, one instance over one {@link ChannelCache}, so Join, LeaderQuery, the *Ranks
 * calls and the internal {@code peer.ControlPeer} calls ({@link PeerCalls}) to a host share its
 * connection. Channels are made by {@link ConfigTransport} from the optional {@link ServerConfig}
 * (plaintext without one), leaving from the framework property {@value ListenAddress#PROPERTY}
 * when it names an address, and all closed when the component is deactivated.
 *
 * <p>Idle time after which an unused channel is closed: the component property
 * {@value #CONFIG_IDLE} (milliseconds), else the framework property {@value #PROP_IDLE}, else
 * {@link #DEFAULT_IDLE} (5 minutes).
 */
@Component(name = ClientComponent.NAME, immediate = true, service = {MgmtClient.class, HarnessClient.class,
        PeerClient.class})
public final class ClientComponent implements MgmtClient, HarnessClient, PeerClient {

    private static final Logger LOG = Logger.getLogger(ClientComponent.class.getName());

    static final String NAME = "io.daos.control.client";
    /** Component property: idle time of a channel in milliseconds. */
    public static final String CONFIG_IDLE = "idle.timeout.ms";
    /** Framework property: idle time of a channel in milliseconds (when the component property is unset). */
    public static final String PROP_IDLE = "daos.client.idle.timeout.ms";
    static final Duration DEFAULT_IDLE = Duration.ofMinutes(5);
    static final String THREAD_NAME = "daos-client";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServerConfig config;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TransportSecurity security;

    private ChannelCache cache;
    private RemoteCalls calls;
    private PeerCalls peer;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        NettyWarmup.await(); // Netty is initialised by its warm-up thread alone
        Duration idle = idleTime(properties.get(CONFIG_IDLE), context.getProperty(PROP_IDLE));
        cache = new ChannelCache(new ConfigTransport(() -> config, () -> security, localAddress(context.getProperty(
                ListenAddress.PROPERTY))), idle, System::nanoTime, THREAD_NAME);
        calls = new RemoteCalls(cache);
        peer = new PeerCalls(calls);
    }

    /**
     * The address calls leave from: the framework property {@value ListenAddress#PROPERTY} when it
     * names one; a bad value warns and leaves the choice to the kernel (the gRPC server refuses to
     * start with it anyway).
     */
    static Optional<InetAddress> localAddress(String value) {
        try {
            return ListenAddress.parse(value);
        } catch (IllegalArgumentException e) {
            LOG.warning(e.getMessage() + "; calls to other control servers leave from any address");
            return Optional.empty();
        }
    }

    @Deactivate
    void deactivate() {
        cache.close();
    }

    /** The component property if set, else the framework property, else the default; a bad value warns. */
    static Duration idleTime(Object componentValue, String frameworkValue) {
        Object v = componentValue != null ? componentValue : frameworkValue;
        String name = componentValue != null ? CONFIG_IDLE : PROP_IDLE;
        return Duration.ofMillis(PositiveSetting.read(v, DEFAULT_IDLE.toMillis(), Long.MAX_VALUE,
                () -> LOG.warning(name + "=\"" + v + "\" is not a positive number of milliseconds; idle connections"
                        + " close after " + DEFAULT_IDLE.toMinutes() + " minutes")));
    }

    @Override
    public JoinResp join(HostPort accessPoint, JoinReq request, Duration timeout)
            throws ClientException, InterruptedException {
        return RemoteCalls.await(calls.unary(accessPoint, MgmtSvcGrpc.getJoinMethod(), request, timeout));
    }

    @Override
    public LeaderQueryResp leaderQuery(HostPort accessPoint, LeaderQueryReq request, Duration timeout)
            throws ClientException, InterruptedException {
        return RemoteCalls.await(calls.unary(accessPoint, MgmtSvcGrpc.getLeaderQueryMethod(), request, timeout));
    }

    @Override
    public CompletableFuture<RanksResp> call(HostPort host, RanksOp op, RanksReq request, Duration timeout) {
        return calls.unary(host, method(op), request, timeout);
    }

    /** The {@code mgmt.MgmtSvc} method of a harness operation. */
    static MethodDescriptor<RanksReq, RanksResp> method(RanksOp op) {
        return switch (op) {
            case PREP_SHUTDOWN -> MgmtSvcGrpc.getPrepShutdownRanksMethod();
            case STOP -> MgmtSvcGrpc.getStopRanksMethod();
            case START -> MgmtSvcGrpc.getStartRanksMethod();
            case PING -> MgmtSvcGrpc.getPingRanksMethod();
        };
    }

    @Override
    public byte[] forward(HostPort leader, String fullMethodName, byte[] request, String peerAddress, String system,
            Duration timeout) throws ClientException, InterruptedException {
        return peer.forward(leader, fullMethodName, request, peerAddress, system, timeout);
    }

    @Override
    public byte[] engineCall(HostPort host, int rank, int method, byte[] body, String system, Duration timeout)
            throws ClientException, InterruptedException {
        return peer.engineCall(host, rank, method, body, system, timeout);
    }

    @Override
    public void forget(HostPort host) {
        cache.forget(host);
    }

    /** The channel cache (for tests). */
    ChannelCache cache() {
        return cache;
    }
}
