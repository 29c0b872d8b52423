package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.launch.Framework;

/** Stopping against a real Felix; signals themselves are exercised end to end (ServerLifecycleIT). */
public class ShutdownTest {

    private static final long PID = 4242;

    private final TestSupport.Lines out = new TestSupport.Lines();
    private final TestSupport.Lines err = new TestSupport.Lines();
    private final Log log = new Log(out.stream(), err.stream(), true);
    @Rule
    public final TestSupport.Felix felix = new TestSupport.Felix("shutdown-test", true);
    private Path tmp;
    private Framework fw;

    @Before
    public void setUp() {
        tmp = felix.dir();
        fw = felix.framework();
    }

    private Shutdown shutdown() {
        return new Shutdown(log, PID, status -> fail("halted with " + status));
    }

    private static boolean deployWatcherRunning() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("daos-deploy-watcher") && t.isAlive());
    }

    @Test
    public void firstRequestStopsDeployAndTheFrameworkLaterOnesAreIgnored() throws Exception {
        Shutdown s = shutdown();
        DeployWatcher dw = new DeployWatcher(fw.getBundleContext(), tmp.resolve("deploy"),
                new ProvisionState(tmp.resolve("state")), log, 20);
        dw.start();
        assertTrue(deployWatcherRunning());
        s.framework(fw);
        s.deployWatcher(dw);
        assertFalse(s.stopping());
        s.requestStop();
        s.requestStop();
        assertTrue(s.stopping());
        assertEquals(0, s.awaitStopped(new FatalReports(log)));
        assertEquals(Bundle.RESOLVED, fw.getState());
        assertFalse(deployWatcherRunning());
        assertEquals(List.of("DAOS Control Server (pid 4242) shutting down"), out.lines());
        assertEquals(List.of(), err.lines());
    }

    @Test
    public void aFatalReportMakesTheExitStatusOne() throws Exception {
        Shutdown s = shutdown();
        FatalReports reports = new FatalReports(log);
        reports.watch(fw.getBundleContext());
        s.framework(fw);
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(StartupWaiter.FAILURE, "DAOS I/O Server exited with error: boom");
        p.put(StartupWaiter.FAILURE_DOMAIN, "harness");
        p.put(StartupWaiter.FAILURE_CODE, "7");
        p.put(StartupWaiter.FAILURE_RESOLUTION, "fix it");
        fw.getBundleContext().registerService(Object.class, new Object(), p);
        s.requestStop();
        assertEquals(1, s.awaitStopped(reports));
        assertEquals(List.of("ERROR: DAOS I/O Server exited with error: boom",
                "ERROR: harness: code = 7 resolution = \"fix it\""), err.lines());
        assertEquals(List.of("DAOS Control Server (pid 4242) shutting down"), out.lines());
    }

    /** Before there is a waiter (and a framework) or during the wait: the wait ends as stopped. */
    @Test
    public void aStopRequestEndsTheStartupWait() throws Exception {
        for (boolean before : new boolean[] {true, false}) {
            Shutdown s = shutdown();
            if (before) {
                s.requestStop(); // no framework yet: nothing to stop
            } else {
                s.framework(fw);
            }
            try (StartupWaiter w = new StartupWaiter(fw.getBundleContext(), Provisioner.SYSTEM_PREFIX)) {
                w.open();
                s.startupWaiter(w);
                if (!before) {
                    s.requestStop();
                }
                assertEquals(StartupWaiter.Outcome.Kind.STOPPED, w.await(10_000).kind());
            }
            assertEquals(0, s.awaitStopped(new FatalReports(log)));
            assertEquals(before ? Bundle.ACTIVE : Bundle.RESOLVED, fw.getState());
        }
    }

    @Test
    public void theHookStopsARunningFrameworkUnlessAStopIsUnderWay() throws Exception {
        Shutdown s = shutdown();
        s.stopFromHook(); // no framework: nothing happens
        s.framework(fw);
        s.stopFromHook();
        assertEquals(Bundle.RESOLVED, fw.getState());
        assertTrue(s.stopping());

        Framework other = TestSupport.framework(tmp.resolve("cache2"));
        try {
            other.start();
            Shutdown t = shutdown();
            t.requestStop(); // a stop under way (here without a framework)
            t.framework(other);
            t.stopFromHook();
            assertEquals(Bundle.ACTIVE, other.getState());
        } finally {
            TestSupport.stop(other);
        }
    }

    @Test
    public void aFrameworkThatDoesNotStopInTimeHaltsWithOne() throws Exception {
        AtomicInteger halted = new AtomicInteger(-1);
        Shutdown s = new Shutdown(log, PID, halted::set);
        s.stopTimeoutMs(100);
        s.framework(fw);
        Bundle slow = fw.getBundleContext().installBundle("test:slow",
                new ByteArrayInputStream(TestSupport.bundle("test.slow", "1.0.0")));
        slow.start();
        CountDownLatch stopping = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        fw.getBundleContext().addBundleListener((SynchronousBundleListener) ev -> {
            if (ev.getType() == BundleEvent.STOPPING && ev.getBundle().equals(slow)) {
                stopping.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            s.stopNow();
            assertTrue("the framework's stop reached the slow bundle", stopping.await(30, TimeUnit.SECONDS));
            assertEquals(1, halted.get());
            assertEquals(List.of("ERROR: the OSGi framework did not stop within 100 ms; exiting anyway"), err.lines());
        } finally {
            release.countDown();
        }
    }
}
