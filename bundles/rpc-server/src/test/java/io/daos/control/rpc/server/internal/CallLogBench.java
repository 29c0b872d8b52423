package io.daos.control.rpc.server.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.daos.control.rpc.server.testproto.ComposedGrpc;
import io.daos.control.rpc.server.testproto.EchoReq;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.services.HealthStatusManager;

/**
 * What the per-call log costs: (1) {@link CallLog#interceptCall} with FINE off against a direct
 * hand-on, in ns per call; (2) unary calls per second over loopback with the log off and on
 * (on: formatted and handed to a handler that drops it). Run:
 * {@code mvn -B -o -q -pl bundles/rpc-server test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.daos.control.rpc.server.internal.CallLogBench}
 */
public final class CallLogBench {

    private CallLogBench() {
    }

    public static void main(String[] args) throws Exception {
        Logger calls = Logger.getLogger(CallLog.LOGGER);
        calls.setUseParentHandlers(false);
        calls.addHandler(Fixtures.capture(r -> { })); // formatted by CallLog, then dropped
        calls.setLevel(Level.INFO);
        interceptOverhead();
        HealthStatusManager health = new HealthStatusManager();
        MethodRegistry registry = new MethodRegistry((a, v) -> { });
        GrpcHost host = new GrpcHost("127.0.0.1", 0, registry, new InterceptorChain(), health);
        host.start();
        registry.add("echo", "bundle.echo", 0, 1, List.of(Fixtures.echo("bench")));
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", host.port()).usePlaintext().build();
        ComposedGrpc.ComposedBlockingStub stub = ComposedGrpc.newBlockingStub(ch);
        EchoReq req = EchoReq.newBuilder().setText("x").build();
        int n = 20_000;
        for (int round = 0; round < 3; round++) {
            for (Level l : List.of(Level.INFO, Level.FINE)) {
                calls.setLevel(l);
                for (int i = 0; i < 2_000; i++) {
                    stub.echo(req);
                }
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    stub.echo(req);
                }
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("round %d, call log %s: %,.0f calls/s (%.1f us/call)%n", round,
                        l == Level.FINE ? "on " : "off", n / s, s * 1e6 / n);
            }
        }
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        host.stop(2_000);
    }

    private static void interceptOverhead() {
        ServerCall<Object, Object> call = new io.grpc.ForwardingServerCall.SimpleForwardingServerCall<>(null) {
        };
        Metadata h = new Metadata();
        ServerCall.Listener<Object> listener = new ServerCall.Listener<>() { };
        int n = 50_000_000;
        long sink = 0;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += CallLog.INSTANCE.interceptCall(call, h, (c, m) -> listener).hashCode() & 1;
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += direct(call, h, listener).hashCode() & 1;
            }
            long t2 = System.nanoTime();
            System.out.printf("round %d: interceptCall with FINE off %.2f ns/call, direct %.2f ns/call (%d)%n",
                    round, (t1 - t0) / (double) n, (t2 - t1) / (double) n, sink);
        }
    }

    private static ServerCall.Listener<Object> direct(ServerCall<Object, Object> c, Metadata h,
            ServerCall.Listener<Object> l) {
        return l;
    }
}
