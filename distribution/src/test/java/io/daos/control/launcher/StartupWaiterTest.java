package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.Hashtable;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;

public class StartupWaiterTest {

    @Rule
    public final TestSupport.Felix felix = new TestSupport.Felix("waiter-test", false);
    private Framework fw;

    @Before
    public void setUp() {
        fw = felix.framework();
    }

    private static Hashtable<String, Object> props(String... kv) {
        Hashtable<String, Object> h = new Hashtable<>();
        for (int i = 0; i < kv.length; i += 2) {
            h.put(kv[i], kv[i + 1]);
        }
        return h;
    }

    @Test
    public void readyMarkerEndsTheWait() throws Exception {
        fw.start();
        BundleContext ctx = fw.getBundleContext();
        try (StartupWaiter w = new StartupWaiter(ctx, Provisioner.SYSTEM_PREFIX)) {
            w.open();
            ctx.registerService(Object.class, new Object(), props("daos.grpc.port", "10001",
                    "daos.grpc.address", "0.0.0.0:10001"));
            StartupWaiter.Outcome o = w.await(10_000);
            assertEquals(StartupWaiter.Outcome.Kind.READY, o.kind());
            assertEquals("0.0.0.0:10001", o.address());
            assertEquals("10001", o.port());
            assertEquals("insecure: no certificate paths", null, o.caCert());
            assertEquals(null, o.cert());
        }
    }

    /** The launcher cannot load the api's classes at run time; its property names must be the api's. */
    @Test
    public void theMarkerPropertyNamesAreTheApis() {
        assertEquals(io.daos.control.api.GrpcReady.PORT, StartupWaiter.READY_PORT);
        assertEquals(io.daos.control.api.GrpcReady.ADDRESS, StartupWaiter.READY_ADDRESS);
        assertEquals(io.daos.control.api.GrpcReady.TLS_CA_CERT, StartupWaiter.READY_TLS_CA_CERT);
        assertEquals(io.daos.control.api.GrpcReady.TLS_CERT, StartupWaiter.READY_TLS_CERT);
    }

    /** A secure server's marker carries the CA and server certificate paths, for the banner's TLS hints. */
    @Test
    public void aSecureReadyMarkerCarriesTheCertificatePaths() throws Exception {
        fw.start();
        BundleContext ctx = fw.getBundleContext();
        try (StartupWaiter w = new StartupWaiter(ctx, Provisioner.SYSTEM_PREFIX)) {
            w.open();
            ctx.registerService(Object.class, new Object(), props("daos.grpc.port", "10071",
                    "daos.grpc.address", "0.0.0.0:10071", "daos.grpc.tls.ca_cert", "/c/daosCA.crt",
                    "daos.grpc.tls.cert", "/c/server.crt"));
            StartupWaiter.Outcome o = w.await(10_000);
            assertEquals(StartupWaiter.Outcome.Kind.READY, o.kind());
            assertEquals("/c/daosCA.crt", o.caCert());
            assertEquals("/c/server.crt", o.cert());
        }
    }

    @Test
    public void failureReportedBeforeOpenIsSeen() throws Exception {
        fw.start();
        BundleContext ctx = fw.getBundleContext();
        ctx.registerService(Object.class, new Object(), props("daos.startup.failure", "bad config",
                "daos.startup.failure.domain", "config", "daos.startup.failure.code", "110",
                "daos.startup.failure.resolution", "fix it"));
        try (StartupWaiter w = new StartupWaiter(ctx, Provisioner.SYSTEM_PREFIX)) {
            w.open();
            StartupWaiter.Outcome o = w.await(10_000);
            assertEquals(StartupWaiter.Outcome.Kind.FAILED, o.kind());
            assertEquals("bad config", o.message());
            assertEquals("config", o.domain());
            assertEquals("110", o.code());
            assertEquals("fix it", o.resolution());
        }
    }

    @Test
    public void bootBundleThatCannotResolveFailsTheStart() throws Exception {
        BundleContext ctx = fw.getBundleContext();
        try (StartupWaiter w = new StartupWaiter(ctx, Provisioner.SYSTEM_PREFIX)) {
            w.open();
            Bundle b = ctx.installBundle(Provisioner.SYSTEM_PREFIX + "x.jar", new ByteArrayInputStream(
                    TestSupport.bundle("test.x", "1.0.0", Map.of("Import-Package", "no.such.pkg"))));
            b.adapt(BundleStartLevel.class).setStartLevel(10);
            b.start();
            fw.start();
            StartupWaiter.Outcome o = w.await(10_000);
            assertEquals(StartupWaiter.Outcome.Kind.FAILED, o.kind());
            assertTrue(o.message(), o.message().startsWith("bundle test.x 1.0.0 failed to start: "));
            assertTrue(o.message(), o.message().contains("no.such.pkg"));
        }
    }

    @Test
    public void stopRequestAndTimeout() throws Exception {
        fw.start();
        try (StartupWaiter w = new StartupWaiter(fw.getBundleContext(), Provisioner.SYSTEM_PREFIX)) {
            w.open();
            StartupWaiter.Outcome t = w.await(50);
            assertEquals(StartupWaiter.Outcome.Kind.FAILED, t.kind());
            assertTrue(t.message(), t.message().startsWith("the control server did not become ready within"));
            w.stopRequested();
            assertEquals(StartupWaiter.Outcome.Kind.STOPPED, w.await(10_000).kind());
        }
    }

    @Test
    public void aFailureIsReportedWithItsResolutionLine() {
        TestSupport.Lines out = new TestSupport.Lines();
        TestSupport.Lines err = new TestSupport.Lines();
        Log log = new Log(out.stream(), err.stream(), false);
        new StartupWaiter.Outcome(StartupWaiter.Outcome.Kind.FAILED, null, null, null, null, "bad config", "config", "110",
                "fix it", null).report(log);
        StartupWaiter.Outcome.failed("no resolution").report(log);
        new StartupWaiter.Outcome(StartupWaiter.Outcome.Kind.FAILED, null, null, null, null, "m", null, null, "r", null).report(log);
        assertEquals(java.util.List.of("ERROR: bad config", "ERROR: config: code = 110 resolution = \"fix it\"",
                "ERROR: no resolution", "ERROR: m", "ERROR: server: code = 0 resolution = \"r\""), err.lines());
        assertEquals(0, out.lines().size());
    }
}
