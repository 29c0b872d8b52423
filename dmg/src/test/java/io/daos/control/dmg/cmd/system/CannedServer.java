package io.daos.control.dmg.cmd.system;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Message;

import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.ctl.SystemQueryResp;
import io.daos.control.proto.ctl.SystemStartReq;
import io.daos.control.proto.ctl.SystemStartResp;
import io.daos.control.proto.ctl.SystemStopReq;
import io.daos.control.proto.ctl.SystemStopResp;
import io.daos.control.proto.mgmt.LeaderQueryReq;
import io.daos.control.proto.mgmt.LeaderQueryResp;
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.StreamObserver;

/**
 * A plaintext gRPC server on a loopback port serving the system methods of {@code ctl.MgmtCtl} and
 * {@code mgmt.MgmtSvc} with canned replies (or a canned error), recording every request it gets.
 */
public final class CannedServer implements AutoCloseable {

    /** What the next calls answer; an error wins over a reply. */
    public volatile SystemQueryResp query = SystemQueryResp.getDefaultInstance();
    public volatile SystemStopResp stop = SystemStopResp.getDefaultInstance();
    public volatile SystemStartResp start = SystemStartResp.getDefaultInstance();
    public volatile LeaderQueryResp leader = LeaderQueryResp.getDefaultInstance();
    public volatile ListPoolsResp pools = ListPoolsResp.getDefaultInstance();
    public volatile StatusRuntimeException error;

    /** Every request received, in order. */
    public final List<Message> requests = new CopyOnWriteArrayList<>();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("canned-server", true), NioIoHandler.newFactory());
    private final Server server;

    public CannedServer() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .bossEventLoopGroup(group).workerEventLoopGroup(group).channelType(NioServerSocketChannel.class)
                .directExecutor().addService(new Ctl()).addService(new Svc()).build().start();
    }

    /** {@code 127.0.0.1:<port>}. */
    public String address() {
        return "127.0.0.1:" + server.getPort();
    }

    private <R> void answer(Message request, R reply, StreamObserver<R> out) {
        requests.add(request);
        if (error != null) {
            out.onError(error);
        } else {
            out.onNext(reply);
            out.onCompleted();
        }
    }

    private final class Ctl extends MgmtCtlGrpc.MgmtCtlImplBase {
        @Override
        public void systemQuery(SystemQueryReq req, StreamObserver<SystemQueryResp> out) {
            answer(req, query, out);
        }

        @Override
        public void systemStop(SystemStopReq req, StreamObserver<SystemStopResp> out) {
            answer(req, stop, out);
        }

        @Override
        public void systemStart(SystemStartReq req, StreamObserver<SystemStartResp> out) {
            answer(req, start, out);
        }
    }

    private final class Svc extends MgmtSvcGrpc.MgmtSvcImplBase {
        @Override
        public void leaderQuery(LeaderQueryReq req, StreamObserver<LeaderQueryResp> out) {
            answer(req, leader, out);
        }

        @Override
        public void listPools(ListPoolsReq req, StreamObserver<ListPoolsResp> out) {
            answer(req, pools, out);
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
}
