package io.daos.control.rpc.server.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The budget's accounting, driven through its stream tracers as grpc-java's deframer drives them. */
public class InboundBudgetTest {

    private static ServerStreamTracer stream(InboundBudget b) {
        return b.newServerStreamTracer("s/m", new Metadata());
    }

    private static void assertRefused(ServerStreamTracer s) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> s.inboundMessage(0));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        assertEquals(InboundBudget.BUSY, e.getStatus().getDescription());
    }

    @Test
    public void messagesBeingReceivedAreBoundedAndLeaveWhenComplete() {
        InboundBudget b = new InboundBudget(2, 1000);
        ServerStreamTracer s1 = stream(b);
        ServerStreamTracer s2 = stream(b);
        ServerStreamTracer s3 = stream(b);
        s1.inboundMessage(0);
        s2.inboundMessage(0);
        assertEquals(2, b.open());
        assertRefused(s3);
        assertEquals(2, b.open());
        assertEquals(1, b.refused());
        s1.inboundMessageRead(0, 10, -1);
        assertEquals(1, b.open());
        s3.inboundMessage(0); // a place is free again
        s2.streamClosed(Status.CANCELLED); // closed while receiving: its place is freed
        s3.streamClosed(Status.OK);
        assertEquals(0, b.open());
    }

    @Test
    public void unparsedBytesAreBoundedAndLeaveWhenParsedOrClosed() {
        InboundBudget b = new InboundBudget(8, 100);
        ServerStreamTracer s1 = stream(b);
        ServerStreamTracer s2 = stream(b);
        s1.inboundMessage(0);
        s1.inboundMessageRead(0, 60, -1);
        s2.inboundMessage(0);
        s2.inboundMessageRead(0, 50, -1);
        assertEquals(110, b.pending());
        assertRefused(stream(b));
        // the call parses in its context (the one the tracer filtered)
        s1.filterContext(Context.ROOT).run(InboundBudget::parsed);
        assertEquals(50, b.pending());
        stream(b).inboundMessage(0);
        s2.streamClosed(Status.OK);
        assertEquals(0, b.pending());
        InboundBudget.parsed(); // outside a call: nothing to release, no failure
        assertEquals(0, b.pending());
    }

    @Test
    public void budgetFollowsDirectMemoryAndEventLoops() {
        InboundBudget small = InboundBudget.forMemory(4, 32 << 20);
        ServerStreamTracer[] s = new ServerStreamTracer[5];
        for (int i = 0; i < 4; i++) {
            s[i] = stream(small);
            s[i].inboundMessage(0);
        }
        assertRefused(stream(small));
        // many event loops: one message each at least
        InboundBudget wide = InboundBudget.forMemory(16, 32 << 20);
        for (int i = 0; i < 16; i++) {
            stream(wide).inboundMessage(0);
        }
        assertRefused(stream(wide));
    }

    @Test
    public void theDirectMemoryLimitIsTheJvmsOption() {
        // the oracle: -XX:MaxDirectMemorySize as this JVM was given it, else the maximum heap
        long expected = Runtime.getRuntime().maxMemory();
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-XX:MaxDirectMemorySize=")) {
                String t = arg.substring(arg.indexOf('=') + 1).toLowerCase(java.util.Locale.ROOT);
                int shift = t.endsWith("k") ? 10 : t.endsWith("m") ? 20 : t.endsWith("g") ? 30 : 0;
                expected = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1)) << shift;
            }
        }
        assertEquals(expected, io.daos.control.grpc.runtime.DirectMemory.limit()); // what GrpcHost sizes the budget by
    }
}
