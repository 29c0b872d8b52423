package io.daos.control.example.reverse.internal;

import static org.junit.Assert.assertEquals;

import java.util.concurrent.TimeUnit;

import org.junit.Test;

import io.daos.control.proto.example.EchoReq;
import io.daos.control.proto.example.EchoResp;
import io.daos.control.proto.example.ExampleGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;

public class ReverseModuleTest {

    @Test
    public void reversesByCodePoint() {
        assertEquals("cba", ReverseModule.reverse("abc"));
        assertEquals("🐟a", ReverseModule.reverse("a🐟"));
        assertEquals("", ReverseModule.reverse(""));
    }

    @Test
    public void servesOnlyReverseWithItsBundleName() throws Exception {
        ServerServiceDefinition def = ReverseModule.definition("io.daos.control.example.reverse");
        assertEquals(ExampleGrpc.SERVICE_NAME, def.getServiceDescriptor().getName());
        assertEquals(1, def.getMethods().size());
        assertEquals(ExampleGrpc.getReverseMethod().getFullMethodName(),
                def.getMethods().iterator().next().getMethodDescriptor().getFullMethodName());

        String name = InProcessServerBuilder.generateName();
        Server server = InProcessServerBuilder.forName(name).directExecutor().addService(def).build().start();
        ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        try {
            ExampleGrpc.ExampleBlockingStub stub = ExampleGrpc.newBlockingStub(channel);
            EchoResp resp = stub.reverse(EchoReq.newBuilder().setText("hello").build());
            assertEquals("olleh", resp.getText());
            assertEquals("io.daos.control.example.reverse", resp.getServedBy());
            try {
                stub.echo(EchoReq.newBuilder().setText("x").build());
                throw new AssertionError("Echo must not be served by the reverse module");
            } catch (StatusRuntimeException e) {
                assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
