package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Hashtable;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** Failure reports made in a real Felix while the server runs. */
public class FatalReportsTest {

    private final TestSupport.Lines out = new TestSupport.Lines();
    private final FatalReports reports = new FatalReports(new Log(out.stream(), out.stream(), true));
    @Rule
    public final TestSupport.Felix felix = new TestSupport.Felix("fatal-test", true);
    private BundleContext ctx;

    @Before
    public void setUp() {
        ctx = felix.context();
    }

    private ServiceRegistration<?> report(String message) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(StartupWaiter.FAILURE, message);
        p.put(StartupWaiter.FAILURE_DOMAIN, "harness");
        return ctx.registerService(Object.class, new Object(), p);
    }

    @Test
    public void nothingReportedIsNull() {
        reports.watch(ctx);
        ctx.registerService(Object.class, new Object(), new Hashtable<>(java.util.Map.of("daos.grpc.port", "1")));
        assertNull(reports.fatal());
    }

    @Test
    public void aReportMadeBeforeWatchingCounts() {
        report("early");
        reports.watch(ctx);
        assertEquals("early", reports.fatal().message());
        assertEquals(StartupWaiter.Outcome.Kind.FAILED, reports.fatal().kind());
    }

    @Test
    public void aReportWithdrawnAgainIsRememberedAndTheLastOneWins() {
        reports.watch(ctx);
        report("first").unregister();
        assertEquals("first", reports.fatal().message());
        assertEquals("harness", reports.fatal().domain());
        report("second");
        assertEquals("second", reports.fatal().message());
    }

    @Test
    public void aStoppedFrameworkIsNotWatchedAndSaysSoInDebug() throws Exception {
        TestSupport.stop(felix.framework());
        reports.watch(ctx);
        assertNull(reports.fatal());
        assertTrue(out.lines().toString(), out.lines().size() == 1
                && out.lines().get(0).startsWith("DEBUG fatal error reports not watched: "));
    }
}
