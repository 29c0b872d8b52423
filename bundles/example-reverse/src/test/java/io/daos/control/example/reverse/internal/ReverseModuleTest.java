package io.daos.control.example.reverse.internal;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import io.daos.control.example.reverse.proto.ReverseGrpc;
import io.daos.control.example.reverse.proto.ReverseReq;
import io.daos.control.example.reverse.proto.ReverseResp;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
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
    public void servesReverseWithItsBundleName() throws Exception {
        ServerServiceDefinition def = ReverseModule.definition("io.daos.control.example.reverse");
        assertEquals("daos.control.example.reverse.Reverse", def.getServiceDescriptor().getName());
        assertEquals(1, def.getMethods().size());
        assertEquals("daos.control.example.reverse.Reverse/Reverse",
                def.getMethods().iterator().next().getMethodDescriptor().getFullMethodName());
        ReverseResp resp = call(def, "hello");
        assertEquals("olleh", resp.getText());
        assertEquals("io.daos.control.example.reverse", resp.getServedBy());
    }

    /** What the rpc-server gets: the definition, answering as the bundle that activated the component. */
    @Test
    public void bindServiceAnswersAsTheActivatingBundle() throws Exception {
        ReverseModule m = new ReverseModule();
        m.activate(context("some.bundle"));
        assertEquals("some.bundle", call(m.bindService(), "x").getServedBy());
    }

    private static ReverseResp call(ServerServiceDefinition def, String text) throws Exception {
        String name = InProcessServerBuilder.generateName();
        Server server = InProcessServerBuilder.forName(name).directExecutor().addService(def).build().start();
        ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        try {
            return ReverseGrpc.newBlockingStub(channel).reverse(ReverseReq.newBuilder().setText(text).build());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A BundleContext whose bundle has the given symbolic name (nothing else is asked). */
    private static BundleContext context(String symbolicName) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (p, m, a) -> {
                    if (m.getName().equals("getSymbolicName")) {
                        return symbolicName;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (p, m, a) -> {
                    if (m.getName().equals("getBundle") && a == null) {
                        return bundle;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }
}
