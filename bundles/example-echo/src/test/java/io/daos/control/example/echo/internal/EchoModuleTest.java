package io.daos.control.example.echo.internal;

import static org.junit.Assert.assertEquals;

import java.util.concurrent.TimeUnit;

import org.junit.Test;

import io.daos.control.example.echo.proto.EchoGrpc;
import io.daos.control.example.echo.proto.EchoReq;
import io.daos.control.example.echo.proto.EchoResp;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;

public class EchoModuleTest {

    @Test
    public void servesEchoWithItsBundleName() throws Exception {
        ServerServiceDefinition def = EchoModule.definition("io.daos.control.example.echo");
        assertEquals("daos.control.example.echo.Echo", def.getServiceDescriptor().getName());
        assertEquals(1, def.getMethods().size());
        assertEquals("daos.control.example.echo.Echo/Echo",
                def.getMethods().iterator().next().getMethodDescriptor().getFullMethodName());
        EchoResp resp = call(def, "héllo 🐟");
        assertEquals("héllo 🐟", resp.getText());
        assertEquals("io.daos.control.example.echo", resp.getServedBy());
        assertEquals("", call(def, "").getText());
    }

    /** What the rpc-server gets: the definition, answering as the bundle that activated the component. */
    @Test
    public void bindServiceAnswersAsTheActivatingBundle() throws Exception {
        EchoModule m = new EchoModule();
        m.activate(EchoDrpcModuleTest.context("some.bundle"));
        assertEquals("some.bundle", call(m.bindService(), "x").getServedBy());
    }

    private static EchoResp call(ServerServiceDefinition def, String text) throws Exception {
        String name = InProcessServerBuilder.generateName();
        Server server = InProcessServerBuilder.forName(name).directExecutor().addService(def).build().start();
        ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        try {
            return EchoGrpc.newBlockingStub(channel).echo(EchoReq.newBuilder().setText(text).build());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
