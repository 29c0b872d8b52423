package io.daos.control.api.harness;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
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

    @Test
    public void theDefaultInstanceCallsAreFault647() {
        StubHarness h = new StubHarness(true);
        assertEquals(647, assertThrows(FaultException.class,
                () -> h.callInstance(0, 211, new byte[0], Duration.ofSeconds(1))).fault().code());
        assertEquals(647, assertThrows(FaultException.class, h::msReplicaTargets).fault().code());
        assertTrue(h.calls.isEmpty());
    }

    @Test
    public void scriptedInstanceCallsAnswerInRangeOnceStartedAndAreRecorded() throws Exception {
        StubHarness h = new StubHarness(false);
        h.instances = 2;
        h.instanceCall = (index, method, body) -> {
            if (index == 1) {
                throw new IOException("instance 1 down");
            }
            return new byte[] {(byte) method};
        };
        h.msTargets = () -> 8;
        assertEquals(2, h.instanceCount());
        assertEquals(647, assertThrows(FaultException.class,
                () -> h.callInstance(0, 211, new byte[0], null)).fault().code());
        assertEquals(647, assertThrows(FaultException.class, h::msReplicaTargets).fault().code());
        h.started = true;
        assertEquals(8, h.msReplicaTargets());
        byte[] body = {9};
        assertEquals(List.of((byte) 7), List.of(h.callInstance(0, 7, body, Duration.ofSeconds(2))[0]));
        assertEquals("instance 1 down",
                assertThrows(IOException.class, () -> h.callInstance(1, 7, body, null)).getMessage());
        assertEquals("instance index 2 is out of range (2 instances)",
                assertThrows(IllegalArgumentException.class, () -> h.callInstance(2, 7, body, null)).getMessage());
        assertEquals(2, h.calls.size());
        StubHarness.Call first = h.calls.get(0);
        assertEquals(0, first.index());
        assertEquals(7, first.method());
        assertTrue(first.body() == body);
        assertEquals(Duration.ofSeconds(2), first.timeout());
        assertEquals(1, h.calls.get(1).index());
    }
}
