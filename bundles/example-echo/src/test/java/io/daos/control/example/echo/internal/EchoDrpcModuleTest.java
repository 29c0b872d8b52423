package io.daos.control.example.echo.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.Proxy;

import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.example.echo.proto.EchoReq;
import io.daos.control.example.echo.proto.EchoResp;

public class EchoDrpcModuleTest {

    private final EchoDrpcModule module = EchoDrpcModule.answeringAs("io.daos.control.example.echo");

    @Test
    public void usesAModuleIdDaosDoesNotUse() {
        assertEquals(100, module.moduleId());
        assertTrue("beyond the DAOS modules 0..4", module.moduleId() >= DrpcIds.NUM_MODULES);
    }

    @Test
    public void echoAnswersTheTextAndWhoAnswered() throws Exception {
        byte[] out = module.handle(EchoDrpcModule.METHOD_ECHO, EchoReq.newBuilder().setText("hi").build().toByteArray());
        EchoResp resp = EchoResp.parseFrom(out);
        assertEquals("hi", resp.getText());
        assertEquals("io.daos.control.example.echo", resp.getServedBy());
    }

    @Test
    public void anEmptyBodyIsAnEmptyRequest() throws Exception {
        EchoResp resp = EchoResp.parseFrom(module.handle(EchoDrpcModule.METHOD_ECHO, new byte[0]));
        assertEquals("", resp.getText());
    }

    @Test
    public void otherMethodsAreUnknown() {
        assertStatus(DrpcStatus.UNKNOWN_METHOD, 2, new byte[0]);
        assertStatus(DrpcStatus.UNKNOWN_METHOD, 0, new byte[0]);
    }

    @Test
    public void aBodyThatDoesNotDecodeIsFailedUnmarshalPayload() {
        assertStatus(DrpcStatus.FAILED_UNMARSHAL_PAYLOAD, EchoDrpcModule.METHOD_ECHO, new byte[] {(byte) 0xff, 0x01});
    }

    @Test
    public void activationNamesTheBundle() throws Exception {
        EchoDrpcModule m = new EchoDrpcModule();
        m.activate(context("some.bundle"));
        byte[] req = EchoReq.newBuilder().setText("x").build().toByteArray();
        assertArrayEquals(EchoResp.newBuilder().setText("x").setServedBy("some.bundle").build().toByteArray(),
                m.handle(EchoDrpcModule.METHOD_ECHO, req));
    }

    private void assertStatus(DrpcStatus want, int method, byte[] body) {
        try {
            module.handle(method, body);
            fail("expected " + want);
        } catch (DrpcException e) {
            assertEquals(want, e.status());
        }
    }

    /** A BundleContext whose bundle has the given symbolic name (nothing else is asked). */
    static BundleContext context(String symbolicName) {
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
