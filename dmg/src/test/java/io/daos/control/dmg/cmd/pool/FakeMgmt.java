package io.daos.control.dmg.cmd.pool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Message;

import io.daos.control.api.config.TransportConfig;
import io.daos.control.dmg.cli.CommandRegistry;
import io.daos.control.dmg.cli.Connector;
import io.daos.control.dmg.cli.Dmg;
import io.daos.control.dmg.cli.Output;
import io.daos.control.dmg.cli.Platform;
import io.daos.control.dmg.cli.ProxyPolicy;
import io.daos.control.dmg.conn.Connections;
import io.daos.control.proto.mgmt.ACLResp;
import io.daos.control.proto.mgmt.DeleteACLReq;
import io.daos.control.proto.mgmt.GetACLReq;
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.ModifyACLReq;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.daos.control.proto.mgmt.PoolDestroyResp;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.daos.control.proto.mgmt.PoolQueryResp;
import io.daos.control.proto.mgmt.PoolSetPropReq;
import io.daos.control.proto.mgmt.PoolSetPropResp;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/**
 * A management service on a loopback port with canned replies, recording the last request, and a
 * whole {@code dmg} run against it ({@code -i -l <address>}, the pool commands registered, real
 * connections).
 */
final class FakeMgmt extends MgmtSvcGrpc.MgmtSvcImplBase implements AutoCloseable {

    /** The reply every method gives, by type; set by the test. */
    volatile Message reply;
    /** When set, every method fails with it instead. */
    volatile StatusRuntimeException error;
    /** The last request received. */
    volatile Message request;
    /** How many requests arrived. */
    volatile int calls;

    /** The commands the runs know: the pool commands, and what a test adds. */
    final CommandRegistry registry = PoolCommands.register(new CommandRegistry());

    private final Server server;
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    FakeMgmt() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).directExecutor().addService(this)
                .build().start();
    }

    String address() {
        return "127.0.0.1:" + server.getPort();
    }

    /** Runs {@code dmg -i -l <address> <args>} in {@code cwd}; returns the exit status. */
    int run(Path cwd, String... args) {
        stdout.reset();
        stderr.reset();
        Output out = new Output(new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String[] all = new String[args.length + 3];
        all[0] = "-i";
        all[1] = "-l";
        all[2] = address();
        System.arraycopy(args, 0, all, 3, args.length);
        Platform platform = new Platform(Map.<String, String>of()::get, cwd.resolve("no-conf"), null, cwd);
        return new Dmg(platform, out, (value, port) -> List.of(value.split(",")), CONNECTOR, registry).run(all);
    }

    String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    /** The connection line every command prints first. */
    String connected() {
        return address() + ": connected\n";
    }

    /** Real connections, each host's state printed on its line. */
    static final Connector CONNECTOR = new Connector() {
        @Override
        public AutoCloseable connect(List<String> addresses, TransportConfig tls, ProxyPolicy proxy, Output o) {
            Connections c = Connections.open(addresses, null, Duration.ofSeconds(10));
            c.states().forEach((a, s) -> o.info(a + ": " + s));
            return c;
        }
    };

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private <T> void answer(Message req, StreamObserver<T> obs) {
        request = req;
        calls++;
        if (error != null) {
            obs.onError(error);
            return;
        }
        obs.onNext((T) reply);
        obs.onCompleted();
    }

    @Override
    public void poolCreate(PoolCreateReq req, StreamObserver<PoolCreateResp> obs) {
        answer(req, obs);
    }

    @Override
    public void poolDestroy(PoolDestroyReq req, StreamObserver<PoolDestroyResp> obs) {
        answer(req, obs);
    }

    @Override
    public void poolQuery(PoolQueryReq req, StreamObserver<PoolQueryResp> obs) {
        answer(req, obs);
    }

    @Override
    public void poolSetProp(PoolSetPropReq req, StreamObserver<PoolSetPropResp> obs) {
        answer(req, obs);
    }

    @Override
    public void listPools(ListPoolsReq req, StreamObserver<ListPoolsResp> obs) {
        answer(req, obs);
    }

    @Override
    public void poolGetACL(GetACLReq req, StreamObserver<ACLResp> obs) {
        answer(req, obs);
    }

    @Override
    public void poolOverwriteACL(ModifyACLReq req, StreamObserver<ACLResp> obs) {
        answer(req, obs);
    }

    @Override
    public void poolUpdateACL(ModifyACLReq req, StreamObserver<ACLResp> obs) {
        answer(req, obs);
    }

    @Override
    public void poolDeleteACL(DeleteACLReq req, StreamObserver<ACLResp> obs) {
        answer(req, obs);
    }
}
