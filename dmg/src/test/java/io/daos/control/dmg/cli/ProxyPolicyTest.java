package io.daos.control.dmg.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Test;

public class ProxyPolicyTest {

    @Test
    public void scrubsByDefaultAndListsTheSetVariables() {
        ProxyPolicy p = ProxyPolicy.decide(false, Map.of("https_proxy", "x", "NO_PROXY", "y", "PATH", "/")::get);
        assertTrue(p.scrub());
        assertEquals(List.of("https_proxy", "NO_PROXY"), p.variables());
    }

    @Test
    public void allowProxyKeepsThem() {
        assertFalse(ProxyPolicy.decide(true, Map.<String, String>of()::get).scrub());
    }

    @Test
    public void disableVariableTakesGoTrueBooleansOnly() {
        for (String t : List.of("1", "t", "T", "true", "TRUE", "True")) {
            assertFalse(t, ProxyPolicy.decide(false, Map.of(ProxyPolicy.DISABLE_VARIABLE, t)::get).scrub());
        }
        for (String f : List.of("0", "yes", "on", "", "tRUE")) {
            assertTrue(f, ProxyPolicy.decide(false, Map.of(ProxyPolicy.DISABLE_VARIABLE, f)::get).scrub());
        }
    }
}
