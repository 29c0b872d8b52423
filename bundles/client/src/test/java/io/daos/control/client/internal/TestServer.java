package io.daos.control.client.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.daos.control.api.grpc.GrpcMethods;
import io.daos.control.api.net.HostPort;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.LeaderQueryReq;
import io.daos.control.proto.mgmt.LeaderQueryResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;
import io.daos.control.proto.peer.ControlPeerGrpc;
import io.daos.control.proto.peer.EngineCallReq;
import io.daos.control.proto.peer.EngineCallResp;
import io.daos.control.proto.peer.ForwardReq;
import io.daos.control.proto.peer.ForwardResp;
import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerTransportFilter;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

/**
 * A small control server on loopback TCP serving the client layer's methods of
 * {@code mgmt.MgmtSvc} (Join, LeaderQuery, the four *Ranks) and of {@code peer.ControlPeer}
 * (Forward, EngineCall), each through a replaceable handler,
 * and counting its transport connections as they become ready and as they end.
 */
final class TestServer implements AutoCloseable {

    /** The behaviour of one method. */
    @FunctionalInterface
    interface Handler<Q, R> {
        R call(String method, Q request) throws Exception;
    }

    final AtomicInteger connections = new AtomicInteger();
    /** One permit per ended connection. */
    final Semaphore ended = new Semaphore(0);
    /** The methods called, in arrival order. */
    final List<String> calls = new CopyOnWriteArrayList<>();
    /** The remote address of each connection, in arrival order. */
    final List<SocketAddress> remotes = new CopyOnWriteArrayList<>();

    volatile Handler<JoinReq, JoinResp> join = (m, req) -> JoinResp.newBuilder().setRank(req.getRank()).build();
    volatile Handler<LeaderQueryReq, LeaderQueryResp> leaderQuery = (m, req) -> LeaderQueryResp.newBuilder()
            .setCurrentLeader("leader-of-" + req.getSystem()).build();
    /** Default: one result whose action is the method name and whose rank is the first requested. */
    volatile Handler<RanksReq, RanksResp> ranks = (m, req) -> RanksResp.newBuilder()
            .addResults(RanksResp.RankResult.newBuilder().setAction(m)
                    .setRank(req.getRanksCount() > 0 ? req.getRanks(0) : 0))
            .build();

    /** Default: the request bytes back. */
    volatile Handler<ForwardReq, ForwardResp> forward = (m, req) -> ForwardResp.newBuilder()
            .setResponse(req.getRequest()).build();
    /** Default: the body back. */
    volatile Handler<EngineCallReq, EngineCallResp> engineCall = (m, req) -> EngineCallResp.newBuilder()
            .setBody(req.getBody()).build();

    private final Server server;

    private TestServer(Server server) {
        this.server = server;
    }

    /** A server on 127.0.0.1, any free port. */
    static TestServer start() throws IOException {
        return start("127.0.0.1", 0);
    }

    static TestServer start(String host, int port) throws IOException {
        TestServer[] self = new TestServer[1];
        ServerServiceDefinition.Builder def = ServerServiceDefinition.builder(MgmtSvcGrpc.SERVICE_NAME);
        def.addMethod(MgmtSvcGrpc.getJoinMethod(), handler(self, MgmtSvcGrpc.getJoinMethod(), s -> s.join));
        def.addMethod(MgmtSvcGrpc.getLeaderQueryMethod(),
                handler(self, MgmtSvcGrpc.getLeaderQueryMethod(), s -> s.leaderQuery));
        for (MethodDescriptor<RanksReq, RanksResp> m : List.of(MgmtSvcGrpc.getPrepShutdownRanksMethod(),
                MgmtSvcGrpc.getStopRanksMethod(), MgmtSvcGrpc.getStartRanksMethod(),
                MgmtSvcGrpc.getPingRanksMethod())) {
            def.addMethod(m, handler(self, m, s -> s.ranks));
        }
        ServerServiceDefinition.Builder peer = ServerServiceDefinition.builder(ControlPeerGrpc.SERVICE_NAME);
        peer.addMethod(ControlPeerGrpc.getForwardMethod(),
                handler(self, ControlPeerGrpc.getForwardMethod(), s -> s.forward));
        peer.addMethod(ControlPeerGrpc.getEngineCallMethod(),
                handler(self, ControlPeerGrpc.getEngineCallMethod(), s -> s.engineCall));
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .addService(def.build())
                .addService(peer.build())
                .addTransportFilter(new ServerTransportFilter() {
                    @Override
                    public Attributes transportReady(Attributes attrs) {
                        self[0].remotes.add(attrs.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
                        self[0].connections.incrementAndGet();
                        return attrs;
                    }

                    @Override
                    public void transportTerminated(Attributes attrs) {
                        self[0].ended.release();
                    }
                })
                .build();
        self[0] = new TestServer(server);
        server.start();
        return self[0];
    }

    private interface Pick<Q, R> {
        Handler<Q, R> of(TestServer s);
    }

    private static <Q, R> io.grpc.ServerCallHandler<Q, R> handler(TestServer[] self, MethodDescriptor<Q, R> m,
            Pick<Q, R> pick) {
        String name = m.getBareMethodName();
        return GrpcMethods.unary(req -> {
            self[0].calls.add(name);
            return pick.of(self[0]).call(name, req);
        });
    }

    /**
     * Holds calls: a handler calling {@link #await(Object)} waits until the hold is closed or its
     * call is cancelled, counting down {@link #entered} when it starts waiting and
     * {@link #cancelled} when its call is cancelled.
     */
    static final class Hold implements AutoCloseable {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch cancelled = new CountDownLatch(1);
        private final CountDownLatch done = new CountDownLatch(1);

        <R> R await(R reply) throws InterruptedException {
            Context.current().addListener(c -> {
                cancelled.countDown();
                done.countDown();
            }, Runnable::run);
            entered.countDown();
            done.await();
            return reply;
        }

        boolean awaitEntered() throws InterruptedException {
            return entered.await(30, TimeUnit.SECONDS);
        }

        boolean awaitCancelled() throws InterruptedException {
            return cancelled.await(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            done.countDown();
        }
    }

    int port() {
        return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    /** This server's address as the client layer names it. */
    HostPort address() {
        InetSocketAddress a = (InetSocketAddress) server.getListenSockets().get(0);
        return HostPort.of(a.getAddress().getHostAddress(), a.getPort());
    }

    /** Waits until {@code n} connections have ended. */
    boolean awaitEnded(int n) throws InterruptedException {
        return ended.tryAcquire(n, 30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(10, TimeUnit.SECONDS);
    }
}
