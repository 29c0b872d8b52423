package io.daos.control.control.internal;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;

/**
 * A real in-process gRPC server with one service and a channel to it (direct executors: calls
 * run on the test's thread). {@link #close()} shuts both down and asserts they terminated.
 */
final class InProcessGrpc implements AutoCloseable {

    private final Server server;
    private final ManagedChannel channel;

    private InProcessGrpc(Server server, ManagedChannel channel) {
        this.server = server;
        this.channel = channel;
    }

    /** Starts a server of {@code service} under a fresh name and connects to it. */
    static InProcessGrpc start(ServerServiceDefinition service) throws IOException {
        String name = InProcessServerBuilder.generateName();
        Server server = InProcessServerBuilder.forName(name).directExecutor().addService(service).build().start();
        return new InProcessGrpc(server, InProcessChannelBuilder.forName(name).directExecutor().build());
    }

    /** A blocking {@code ctl.MgmtCtl} stub over the channel. */
    MgmtCtlGrpc.MgmtCtlBlockingStub stub() {
        return MgmtCtlGrpc.newBlockingStub(channel);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        server.shutdownNow();
        assertTrue("channel terminated", channel.awaitTermination(5, TimeUnit.SECONDS));
        assertTrue("server terminated", server.awaitTermination(5, TimeUnit.SECONDS));
    }
}
