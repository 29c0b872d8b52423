package io.daos.control.itest.osgi;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.drpc.DrpcClient;
import io.daos.control.api.drpc.DrpcClientFactory;
import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcModule;
import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.example.echo.proto.EchoReq;
import io.daos.control.example.echo.proto.EchoResp;
import io.daos.control.itest.support.TestFiles;

/**
 * The drpc bundle inside Felix with the real config bundle: the control socket
 * {@code <socket_dir>/daos_server.sock} appears, DrpcModule services registered from the probe
 * are dispatched to (and UNKNOWN_MODULE once unregistered), module 2 answers UNKNOWN_METHOD
 * unless overridden, a hot-added module bundle (the echo example) is dispatched to while it is
 * active, and stopping the bundle removes the socket.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DrpcBundleIT {

    private static final String DRPC_BSN = "io.daos.control.drpc";
    private static final Duration T = Duration.ofSeconds(10);

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        List<File> bundles = new ArrayList<>();
        bundles.addAll(Provisioning.scr());
        bundles.addAll(Provisioning.libraries());
        bundles.add(Provisioning.reactorBundle("bundles/grpc-runtime", "io.daos.control.grpc.runtime"));
        bundles.add(Provisioning.reactorBundle("proto", "io.daos.control.proto"));
        bundles.add(Provisioning.reactorBundle("bundles/api", "io.daos.control.api"));
        bundles.add(Provisioning.reactorBundle("bundles/junixsocket", "io.daos.control.junixsocket"));
        bundles.add(Provisioning.reactorBundle("bundles/config", "io.daos.control.config"));
        bundles.add(Provisioning.reactorBundle("bundles/drpc", DRPC_BSN));
        return Provisioning.paxOptions(getClass(), Provisioning.writeConfig(getClass(), TestFiles.freePort()), bundles)
                .toArray(new Option[0]);
    }

    private Path socket;

    @Before
    public void setUp() throws Exception {
        ServiceReference<?>[] failures = context.getServiceReferences((String) null, "(daos.startup.failure=*)");
        assertNull("start-up failure: " + (failures == null ? "" : failures[0].getProperty("daos.startup.failure")),
                failures);
        ServiceTracker<ServerConfig, ServerConfig> cfg = new ServiceTracker<>(context, ServerConfig.class, null);
        cfg.open();
        try {
            ServerConfig config = cfg.waitForService(30_000);
            assertNotNull("ServerConfig published", config);
            socket = Path.of(config.socketDir()).resolve("daos_server.sock");
        } finally {
            cfg.close();
        }
        awaitSocket(true);
    }

    /** Waits (file-system events, bounded) until the socket exists or is gone. */
    private void awaitSocket(boolean present) throws Exception {
        try (WatchService ws = FileSystems.getDefault().newWatchService()) {
            socket.getParent().register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (Files.exists(socket) != present) {
                long left = deadline - System.nanoTime();
                WatchKey k = left > 0 ? ws.poll(left, TimeUnit.NANOSECONDS) : null;
                if (k == null) {
                    fail("socket " + socket + (present ? " did not appear" : " was not removed"));
                }
                k.pollEvents();
                k.reset();
            }
        }
    }

    private DrpcClient client() {
        ServiceReference<DrpcClientFactory> ref = context.getServiceReference(DrpcClientFactory.class);
        assertNotNull("DrpcClientFactory registered", ref);
        return context.getService(ref).open(socket);
    }

    private static DrpcStatus statusOf(DrpcClient c, int module, int method) throws IOException {
        try {
            c.call(module, method, null, T);
            return DrpcStatus.SUCCESS;
        } catch (DrpcException e) {
            return e.status();
        }
    }

    private ServiceRegistration<DrpcModule> register(int id, String reply, int ranking) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, ranking);
        return context.registerService(DrpcModule.class, new DrpcModule() {
            @Override
            public int moduleId() {
                return id;
            }

            @Override
            public byte[] handle(int method, byte[] body) throws DrpcException {
                if (method != 1) {
                    throw new DrpcException(DrpcStatus.UNKNOWN_METHOD, "only method 1");
                }
                return (reply + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            }
        }, props);
    }

    @Test
    public void whiteboardDispatchAndMgmtDefault() throws Exception {
        assertTrue(Files.exists(socket));
        try (DrpcClient c = client()) {
            assertEquals(DrpcStatus.UNKNOWN_METHOD, statusOf(c, DrpcIds.MODULE_MGMT, DrpcIds.MGMT_SET_RANK));
            assertEquals(DrpcStatus.UNKNOWN_MODULE, statusOf(c, 9, 1));

            ServiceRegistration<DrpcModule> reg = register(9, "pong:", 0);
            try {
                assertArrayEquals("pong:x".getBytes(StandardCharsets.UTF_8),
                        c.call(9, 1, "x".getBytes(StandardCharsets.UTF_8), T));
                assertEquals(DrpcStatus.UNKNOWN_METHOD, statusOf(c, 9, 2));
                // a duplicate id: the higher ranking wins, and the other takes over when it leaves
                ServiceRegistration<DrpcModule> better = register(9, "better:", 10);
                assertArrayEquals("better:".getBytes(StandardCharsets.UTF_8), c.call(9, 1, null, T));
                better.unregister();
                assertArrayEquals("pong:".getBytes(StandardCharsets.UTF_8), c.call(9, 1, null, T));
            } finally {
                reg.unregister();
            }
            assertEquals(DrpcStatus.UNKNOWN_MODULE, statusOf(c, 9, 1));

            // a registered module 2 replaces the built-in one, which returns after it leaves
            ServiceRegistration<DrpcModule> mgmt = register(DrpcIds.MODULE_MGMT, "mgmt:", 0);
            try {
                assertArrayEquals("mgmt:".getBytes(StandardCharsets.UTF_8), c.call(DrpcIds.MODULE_MGMT, 1, null, T));
            } finally {
                mgmt.unregister();
            }
            assertEquals(DrpcStatus.UNKNOWN_METHOD, statusOf(c, DrpcIds.MODULE_MGMT, 1));
        }
    }

    /**
     * The echo example's dRPC module (module 100, method 1: EchoReq to EchoResp), hot-added with
     * its bundle: dispatched to while the bundle is active, UNKNOWN_MODULE once it stopped.
     */
    @Test
    public void aHotAddedModuleBundleIsDispatchedToUntilItStops() throws Exception {
        int echoModule = 100;
        try (DrpcClient c = client()) {
            assertEquals(DrpcStatus.UNKNOWN_MODULE, statusOf(c, echoModule, 1));
            Bundle echo = context.installBundle(Provisioning.echoBundle().toURI().toString());
            try {
                echo.start();
                EchoResp resp = EchoResp.parseFrom(
                        c.call(echoModule, 1, EchoReq.newBuilder().setText("hi").build().toByteArray(), T));
                assertEquals("hi", resp.getText());
                assertEquals(Provisioning.ECHO_BSN, resp.getServedBy());
                assertEquals(DrpcStatus.UNKNOWN_METHOD, statusOf(c, echoModule, 2));

                echo.stop();
                assertEquals(DrpcStatus.UNKNOWN_MODULE, statusOf(c, echoModule, 1));
            } finally {
                echo.uninstall();
            }
        }
    }

    @Test
    public void stoppingTheBundleRemovesTheSocket() throws Exception {
        Bundle drpc = null;
        for (Bundle b : context.getBundles()) {
            if (DRPC_BSN.equals(b.getSymbolicName())) {
                drpc = b;
            }
        }
        assertNotNull(drpc);
        drpc.stop();
        try {
            assertFalse("socket removed on stop", Files.exists(socket));
        } finally {
            drpc.start();
        }
        awaitSocket(true);
        try (DrpcClient c = client()) {
            assertEquals(DrpcStatus.UNKNOWN_METHOD, statusOf(c, DrpcIds.MODULE_MGMT, 1));
        }
    }
}
