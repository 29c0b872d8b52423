package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;

public class ExitStatusTest {

    private static StartupWaiter.Outcome failureOf(String reporter) {
        return new StartupWaiter.Outcome(StartupWaiter.Outcome.Kind.FAILED, null, null, null, null, "m", "server",
                "635", null, reporter);
    }

    @Test
    public void theReferenceCodesAreZeroAndOne() {
        assertEquals(0, ExitStatus.OK.code(false));
        for (ExitStatus s : EnumSet.complementOf(EnumSet.of(ExitStatus.OK))) {
            assertEquals(s.name(), 1, s.code(false));
        }
    }

    @Test
    public void theDistinctCodesAreTheSysexitsOnesAndAllDifferent() {
        assertEquals(0, ExitStatus.OK.code(true));
        assertEquals(1, ExitStatus.ERROR.code(true));
        assertEquals(64, ExitStatus.USAGE.code(true));
        assertEquals(69, ExitStatus.STARTUP.code(true));
        assertEquals(70, ExitStatus.RUNTIME.code(true));
        assertEquals(78, ExitStatus.CONFIG.code(true));
        Set<Integer> codes = new TreeSet<>();
        for (ExitStatus s : ExitStatus.values()) {
            assertTrue("twice: " + s.code(true), codes.add(s.code(true)));
        }
    }

    @Test
    public void onlyDistinctSelectsThem() {
        assertTrue(ExitStatus.distinct("distinct"));
        assertTrue(ExitStatus.distinct(" Distinct\n"));
        assertFalse(ExitStatus.distinct(null));
        assertFalse(ExitStatus.distinct(""));
        assertFalse(ExitStatus.distinct("1"));
        assertFalse(ExitStatus.distinct("reference"));
    }

    @Test
    public void aReportOfTheConfigBundleIsAConfigurationError() {
        assertEquals(ExitStatus.CONFIG, ExitStatus.of(failureOf(ExitStatus.CONFIG_BUNDLE), ExitStatus.STARTUP));
        assertEquals(ExitStatus.CONFIG, ExitStatus.of(failureOf(ExitStatus.CONFIG_BUNDLE), ExitStatus.RUNTIME));
        assertEquals(ExitStatus.STARTUP, ExitStatus.of(failureOf("io.daos.control.rpc.server"), ExitStatus.STARTUP));
        assertEquals(ExitStatus.RUNTIME, ExitStatus.of(failureOf(null), ExitStatus.RUNTIME));
        assertEquals(ExitStatus.STARTUP, ExitStatus.of(StartupWaiter.Outcome.failed("timeout"), ExitStatus.STARTUP));
    }
}
