package io.daos.control.example.echo.internal;

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

public class EchoModuleTest {

    @Test
    public void servesOnlyEchoWithItsBundleName() throws Exception {
        ServerServiceDefinition def = EchoModule.definition("io.daos.control.example.echo");
        assertEquals(ExampleGrpc.SERVICE_NAME, def.getServiceDescriptor().getName());
        assertEquals(1, def.getMethods().size());
        assertEquals(ExampleGrpc.getEchoMethod().getFullMethodName(),
                def.getMethods().iterator().next().getMethodDescriptor().getFullMethodName());

        String name = InProcessServerBuilder.generateName();
        Server server = InProcessServerBuilder.forName(name).directExecutor().addService(def).build().start();
        ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        try {
            ExampleGrpc.ExampleBlockingStub stub = ExampleGrpc.newBlockingStub(channel);
            EchoResp resp = stub.echo(EchoReq.newBuilder().setText("héllo 🐟").build());
            assertEquals("héllo 🐟", resp.getText());
            assertEquals("io.daos.control.example.echo", resp.getServedBy());
            assertEquals("", stub.echo(EchoReq.getDefaultInstance()).getText());
            try {
                stub.reverse(EchoReq.newBuilder().setText("x").build());
                throw new AssertionError("Reverse must not be served by the echo module");
            } catch (StatusRuntimeException e) {
                assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
