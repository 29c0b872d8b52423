package io.daos.control.api.harness;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

import io.daos.control.api.fault.FaultException;

/** The defaults of the {@link Harness} interface, for implementations that have no gate of their own. */
public class HarnessTest {

    @Test
    public void theDefaultGateRunsTheWorkUntilStartedAndPassesItsExceptionOn() throws Exception {
        StubHarness h = new StubHarness(false);
        AtomicInteger runs = new AtomicInteger();
        assertEquals(Optional.of("done"), h.atFormatGate(() -> {
            runs.incrementAndGet();
            return "done";
        }));
        assertEquals("boom", assertThrows(IOException.class, () -> h.atFormatGate(() -> {
            throw new IOException("boom");
        })).getMessage());
        h.started = true;
        assertFalse(h.atFormatGate(() -> runs.incrementAndGet()).isPresent());
        assertEquals(1, runs.get());
    }

    @Test
    public void theDefaultMsCallIsFault647() {
        FaultException e = assertThrows(FaultException.class, () -> new StubHarness(false).callMsReplica(205, new byte[0], null));
        assertEquals(647, e.fault().code());
        assertTrue(e.getMessage(), e.getMessage().contains("harness not started"));
    }
}
