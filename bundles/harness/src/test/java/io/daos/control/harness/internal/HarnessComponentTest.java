package io.daos.control.harness.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.daos.control.api.StartupFailure;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.api.system.SystemMembership;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.srv.NotifyReadyReq;

/**
 * The OSGi face without a framework: the references are set the way SCR sets them (field
 * injection), the bundle context is a fake. Shows that replacing the dRPC client factory, as an
 * update of the drpc bundle does, leaves the I/O server running and its calls working.
 */
public class HarnessComponentTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    @Rule
    public Timeout timeout = Timeout.seconds(60);

    private Fixture fx;
    private HarnessComponent component;
    private final Map<String, String> props = new HashMap<>();
    private final Map<String, Object> failure = new HashMap<>();
    private final AtomicInteger unregistered = new AtomicInteger();
    private final CountDownLatch frameworkStopped = new CountDownLatch(1);

    @Before
    public void setUp() throws Exception {
        fx = new Fixture(tmp.getRoot().toPath());
        props.put("daos.home", fx.dir.toString());
        props.put(HarnessComponent.PROP_PDEATHSIG, "false");
    }

    @After
    public void tearDown() {
        if (component != null) {
            component.deactivate();
        }
        fx.close();
    }

    private BundleContext context() {
        Bundle framework = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (p, m, a) -> {
                    if (m.getName().equals("stop")) {
                        frameworkStopped.countDown();
                    }
                    return null;
                });
        ServiceRegistration<?> reg = (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                    if (m.getName().equals("unregister")) {
                        unregistered.incrementAndGet();
                    }
                    return null;
                });
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getProperty" -> props.get((String) a[0]);
                    case "getBundle" -> framework;
                    case "registerService" -> {
                        Dictionary<?, ?> d = (Dictionary<?, ?>) a[2];
                        for (var keys = d.keys(); keys.hasMoreElements();) {
                            Object k = keys.nextElement();
                            failure.put((String) k, d.get(k));
                        }
                        yield reg;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    /** Sets a reference field as SCR does. */
    private void inject(String field, Object value) throws Exception {
        Field f = HarnessComponent.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(component, value);
    }

    private HarnessComponent activate(Path binary) throws Exception {
        props.put(HarnessComponent.PROP_BINARY, binary.toString());
        component = new HarnessComponent();
        inject("config", fx.config());
        inject("drpcClients", fx.hooks.factory);
        inject("mgmtClient", fx.hooks.mgmt);
        component.activate(context());
        return component;
    }

    @Test
    public void replacingTheDrpcClientFactoryLeavesTheIoServerRunning() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-1", 4));
        activate(fx.script("exec sleep 600"));
        fx.awaitSpawn();
        Path sock = fx.startEngine();
        new SrvModule(component).handle(DrpcIds.SRV_NOTIFY_READY, NotifyReadyReq.newBuilder()
                .setDrpcListenerSock(sock.toString()).setInstanceIdx(0).build().toByteArray());
        fx.awaitEngineCall(DrpcIds.MGMT_SET_UP);
        Fixture.awaitTrue("instance 0 is set up", component.instances().get(0)::isSetUp);
        Process p = component.instances().get(0).runner().process();

        // the drpc bundle is updated: SCR unbinds its factory (which closes its clients), then binds the new one
        inject("drpcClients", null);
        fx.hooks.factory.closeAll();
        RankOperations ops = new RankOperations(component);
        assertEquals("rank 4 dRPC failed: no dRPC client set (data plane not started?)",
                ops.ping(RanksReq.getDefaultInstance()).getResults(0).getMsg());
        Fixture.Factory next = new Fixture.Factory();
        inject("drpcClients", next);
        assertEquals(MemberState.STARTED.code(), ops.ping(RanksReq.getDefaultInstance()).getResults(0).getState());
        assertEquals(1, next.opened.size());
        assertSame(p, component.instances().get(0).runner().process());
        assertTrue(p.isAlive());
        next.closeAll();

        component.deactivate();
        component = null;
        assertFalse(p.isAlive());
    }

    @Test
    public void theHarnessServiceIsTheHarnesss() throws Exception {
        activate(fx.script("exec sleep 600")); // no superblock: waits at the format gate
        assertEquals(1, component.instanceCount());
        assertFalse(component.isStarted());
        assertEquals(647, assertThrows(FaultException.class,
                () -> component.callMsReplica(DrpcIds.MGMT_JOIN, new byte[0], Duration.ofSeconds(1))).fault().code());
        assertEquals(647, assertThrows(FaultException.class, component::msReplicaTargets).fault().code());
        assertEquals(647, assertThrows(FaultException.class,
                () -> component.callInstance(0, DrpcIds.MGMT_SMD_LIST_DEVS, new byte[0], Duration.ofSeconds(1)))
                .fault().code());
        assertEquals("instance index 3 is out of range (1 instances)",
                assertThrows(IllegalArgumentException.class, () -> component.storageReady(3)).getMessage());
        assertEquals("can't start instances: harness not started",
                assertThrows(RanksException.class, component::requestStart).getMessage());
        component.awaitRunning(false, component.instances(), 1); // none runs
        Field h = HarnessComponent.class.getDeclaredField("harness");
        h.setAccessible(true);
        FormatGate gate = ((IOServerHarness) h.get(component)).gate();
        // the service's gate is the harness's: the work holds it, a release within it is taken
        assertEquals(Optional.of("formatted"), component.atFormatGate(() -> {
            assertTrue(gate.heldByCurrentThread());
            component.storageReady(0);
            return "formatted";
        }));
        fx.awaitSpawn();
        assertTrue(component.isStarted());
        assertEquals(Optional.empty(), component.atFormatGate(() -> "too late"));
        // started: the service answers with the harness's selection and instances
        assertEquals(2, component.msReplicaTargets());
        assertEquals("no dRPC client set (data plane not started?)", assertThrows(IOException.class,
                () -> component.callInstance(0, DrpcIds.MGMT_SMD_LIST_DEVS, new byte[0], Duration.ofSeconds(1)))
                .getMessage());
        assertEquals("instance index 1 is out of range (1 instances)", assertThrows(IllegalArgumentException.class,
                () -> component.callInstance(1, DrpcIds.MGMT_SMD_LIST_DEVS, new byte[0], Duration.ofSeconds(1)))
                .getMessage());
    }

    @Test
    public void aReplicaMemberStartedBeforeTheMembershipServiceIsRegisteredWhenOneBinds() {
        HarnessComponent c = new HarnessComponent();
        HarnessHooks hooks = c.new Hooks();
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        Member m0 = new Member(Rank.of(0), "u-0", "127.0.0.1:10001", MemberState.STARTED);
        Member m1 = new Member(Rank.of(1), "u-1", "127.0.0.1:10001", MemberState.STARTED);
        hooks.memberRegistered(m0);
        hooks.memberState(Rank.of(0), MemberState.STOPPED); // it exited meanwhile: the state follows
        hooks.memberState(Rank.of(7), MemberState.STOPPED); // not a member: nothing to keep
        c.bindMembership(membership(first));
        assertEquals(List.of("add " + m0.withState(MemberState.STOPPED)), first);
        hooks.memberRegistered(m1); // bound: at once
        hooks.memberState(Rank.of(1), MemberState.STOPPED);
        assertEquals(List.of("add " + m0.withState(MemberState.STOPPED), "add " + m1, "state 1 Stopped"), first);
        SystemMembership next = membership(second);
        c.bindMembership(next); // a replacement: nothing left over to register
        assertEquals(List.of(), second);
        c.unbindMembership(membership(first)); // not the bound one: kept
        hooks.memberRegistered(m1);
        assertEquals(List.of("add " + m1), second);
        c.unbindMembership(next);
        hooks.memberRegistered(m0);
        assertEquals(List.of("add " + m1), second); // kept for the next one
    }

    /** A membership service recording what it is told. */
    private static SystemMembership membership(List<String> calls) {
        return (SystemMembership) Proxy.newProxyInstance(SystemMembership.class.getClassLoader(),
                new Class<?>[] {SystemMembership.class}, (p, m, a) -> switch (m.getName()) {
                    case "addOrUpdate" -> calls.add("add " + a[0]);
                    case "updateState" -> calls.add("state " + a[0] + " " + ((MemberState) a[1]).label());
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    public void aFatalHarnessErrorIsReportedAndStopsTheFramework() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-2", 1));
        activate(fx.script("exit 3"));
        fx.awaitSpawn();
        assertTrue(frameworkStopped.await(20, TimeUnit.SECONDS));
        String message = (String) failure.get(StartupFailure.MESSAGE);
        assertNotNull(message);
        assertTrue(message, message.startsWith("DAOS I/O Server exited with error: "));
        assertTrue(message, message.endsWith("(instance 0) exited: exit status 3"));
        assertEquals("server", failure.get(StartupFailure.DOMAIN));
        component.deactivate();
        component = null;
        assertEquals(1, unregistered.get());
    }

    @Test
    public void theShutdownHookIsRemovedOnDeactivation() throws Exception {
        activate(fx.script("exec sleep 600"));
        Field f = HarnessComponent.class.getDeclaredField("shutdownHook");
        f.setAccessible(true);
        Thread hook = (Thread) f.get(component);
        component.deactivate();
        component = null;
        assertFalse(Runtime.getRuntime().removeShutdownHook(hook)); // no longer registered
    }

    @Test
    public void theBinaryIsTheExplicitOneThenOnThePathThenNextToDaosServer() throws Exception {
        Path pathDir = Files.createDirectories(fx.dir.resolve("path"));
        Path home = fx.dir.resolve("home");
        assertEquals(Path.of("/opt/x/daos_io_server"), HarnessComponent.findBinary(" /opt/x/daos_io_server ",
                pathDir.toString(), home.toString()));
        assertEquals(home.resolve("bin/daos_io_server"), HarnessComponent.findBinary(null, pathDir.toString(),
                home.toString()));
        assertEquals(home.resolve("bin/daos_io_server"), HarnessComponent.findBinary("  ", null, home.toString()));
        assertEquals(Path.of("./bin/daos_io_server"), HarnessComponent.findBinary(null, null, null));
        Path onPath = Files.writeString(pathDir.resolve("daos_io_server"), "#!/bin/sh\n");
        assertEquals(home.resolve("bin/daos_io_server"), HarnessComponent.findBinary(null, pathDir.toString(),
                home.toString())); // not executable: skipped
        Files.setPosixFilePermissions(onPath, PosixFilePermissions.fromString("rwx------"));
        assertEquals(onPath, HarnessComponent.findBinary(null, "/nonexistent:" + pathDir, home.toString()));
    }

    @Test
    public void theRestartBackoffPropertyIsMillisecondsOrOff() {
        assertEquals(0, HarnessComponent.restartBackoff(null));
        assertEquals(0, HarnessComponent.restartBackoff(" "));
        assertEquals(0, HarnessComponent.restartBackoff("soon"));
        assertEquals(250, HarnessComponent.restartBackoff(" 250 "));
    }
}
