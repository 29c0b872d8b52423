package io.daos.control.itest.fuzz;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.Test;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;

import io.daos.control.proto.ctl.PrepareNvmeReq;
import io.daos.control.proto.ctl.StoragePrepareReq;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.PoolCreateReq;

/** The mutator: reproducible from the seed, every kind of mutation made, sizes and constraints kept. */
public class RequestMutatorTest {

    private final RequestMutator mutator = new RequestMutator(GrpcFuzzIT.CONSTRAINTS);

    private List<RequestMutator.Request> requests(Descriptor type, long seed, int n) {
        List<RequestMutator.Request> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(mutator.next(type, new Random(RequestMutator.requestSeed(seed, type.getFullName(), i))));
        }
        return out;
    }

    @Test
    public void theSameSeedGivesTheSameBytes() {
        List<RequestMutator.Request> a = requests(PoolCreateReq.getDescriptor(), 7, 50);
        List<RequestMutator.Request> b = requests(PoolCreateReq.getDescriptor(), 7, 50);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).bytes(), b.get(i).bytes());
            assertEquals(a.get(i).kind(), b.get(i).kind());
        }
        assertNotEquals(RequestMutator.requestSeed(7, "a/B", 0), RequestMutator.requestSeed(7, "a/B", 1));
        assertNotEquals(RequestMutator.requestSeed(7, "a/B", 0), RequestMutator.requestSeed(8, "a/B", 0));
    }

    @Test
    public void everyKindOfMutationIsMadeAndSizesStayBounded() {
        List<RequestMutator.Request> all = requests(PoolCreateReq.getDescriptor(), 1, 300);
        all.addAll(requests(RanksReq.getDescriptor(), 1, 300));
        String kinds = String.join(" ", all.stream().map(RequestMutator.Request::kind).toList());
        for (String k : List.of("random-bytes", "damaged", "unknown-fields", "long-list", "huge-string", "oversize")) {
            assertTrue(k + " in " + kinds.length() + " chars of kinds", kinds.contains(k));
        }
        long over = all.stream().filter(r -> r.bytes().length > RequestMutator.MAX_INBOUND).count();
        assertTrue("some but few over the inbound limit: " + over, over > 0 && over < all.size() / 10);
        assertTrue(all.stream().allMatch(r -> r.bytes().length <= RequestMutator.MAX_STRING + (2 << 20)));
        // the well-formed ones decode as the type
        long decoded = all.stream().filter(r -> r.kind().startsWith("message") && !r.kind().contains("damaged"))
                .filter(r -> r.bytes().length < RequestMutator.MAX_INBOUND).filter(r -> {
                    try {
                        RanksReq.parseFrom(r.bytes());
                        return true;
                    } catch (InvalidProtocolBufferException e) {
                        return false;
                    }
                }).count();
        assertTrue(decoded > 0);
    }

    @Test
    public void aRepeatedFieldGetsUpTo100kEntries() throws Exception {
        int longest = 0;
        for (RequestMutator.Request r : requests(RanksReq.getDescriptor(), 3, 400)) {
            if (r.kind().contains("long-list") && !r.kind().contains("damaged")) {
                longest = Math.max(longest, RanksReq.parseFrom(r.bytes()).getRanksCount());
            }
        }
        assertTrue("longest rank list " + longest, longest >= 10_000 && longest <= RequestMutator.MAX_LIST);
    }

    @Test
    public void constrainedFieldsStayInTheirRange() throws Exception {
        int seen = 0;
        for (RequestMutator.Request r : requests(StoragePrepareReq.getDescriptor(), 5, 500)) {
            if (!r.kind().startsWith("message") || r.kind().contains("damaged")
                    || r.kind().contains("unknown-fields")) {
                continue;
            }
            StoragePrepareReq req = StoragePrepareReq.parseFrom(r.bytes());
            if (req.hasNvme()) {
                seen++;
                int n = req.getNvme().getNrhugepages();
                assertTrue("nrhugepages " + n, n >= 1 && n <= 16);
            }
        }
        assertTrue(seen > 10);
        // unconstrained, the same field gets values far outside
        RequestMutator free = new RequestMutator(Map.of());
        boolean wild = false;
        for (int i = 0; i < 500 && !wild; i++) {
            RequestMutator.Request r = free.next(PrepareNvmeReq.getDescriptor(), new Random(i));
            try {
                int n = PrepareNvmeReq.parseFrom(r.bytes()).getNrhugepages();
                wild = n < 0 || n > 16;
            } catch (InvalidProtocolBufferException e) {
                // random bytes
            }
        }
        assertTrue(wild);
    }

    @Test
    public void classifyTellsTheOutcomes() {
        long dl = 10_000_000_000L;
        assertEquals(Outcome.OK, GrpcFuzzer.classify(io.grpc.Status.OK, true, 1, dl, true));
        assertEquals(Outcome.OK, GrpcFuzzer.classify(io.grpc.Status.CANCELLED, true, 1, dl, true));
        assertEquals(Outcome.ERROR, GrpcFuzzer.classify(io.grpc.Status.CANCELLED, false, 1, dl, true));
        assertEquals(Outcome.ERROR, GrpcFuzzer.classify(io.grpc.Status.INVALID_ARGUMENT.withDescription("x"),
                false, 1, dl, true));
        assertEquals(Outcome.ERROR, GrpcFuzzer.classify(io.grpc.Status.DEADLINE_EXCEEDED, false, dl / 2, dl, true));
        assertEquals(Outcome.DEADLINE, GrpcFuzzer.classify(io.grpc.Status.DEADLINE_EXCEEDED, false, dl, dl, true));
        assertEquals(Outcome.CRASH, GrpcFuzzer.classify(io.grpc.Status.UNAVAILABLE, false, 1, dl, false));
        assertEquals(Outcome.BROKEN, GrpcFuzzer.classify(io.grpc.Status.INTERNAL.withCause(new RuntimeException()),
                false, 1, dl, true));
        assertEquals(Outcome.BROKEN, GrpcFuzzer.classify(io.grpc.Status.UNKNOWN.withDescription(
                "x".repeat(Tally.MAX_MESSAGE + 1)), false, 1, dl, true));
    }

    @Test
    public void theTallyIsCleanOnlyWithoutCrashDeadlineBrokenOrProblem() {
        Tally t = new Tally();
        t.add("m", Outcome.OK, "a");
        t.add("m", Outcome.ERROR, "b");
        assertTrue(t.clean());
        for (Outcome o : List.of(Outcome.DEADLINE, Outcome.CRASH, Outcome.BROKEN)) {
            Tally bad = new Tally();
            bad.add("m", o, "#3 seed=9");
            assertFalse(bad.clean());
            assertTrue(bad.report("r").contains("m " + o.label + ": #3 seed=9"));
        }
        t.problem("3 engine processes for 2 instances");
        assertFalse(t.clean());
        assertTrue(t.report("r").contains("3 engine processes"));
        assertEquals(1, t.count("m", Outcome.OK));
    }

    @Test
    public void drpcPacketsAreReproducibleAndTheirExpectedSequenceRight() {
        int oversize = 0;
        int calls = 0;
        for (int i = 0; i < 300; i++) {
            DrpcFuzzer.Packet p = DrpcFuzzer.packet(11, i);
            assertArrayEquals(p.bytes(), DrpcFuzzer.packet(11, i).bytes());
            if (p.kind().equals("oversize")) {
                oversize++;
                assertEquals(-1, p.expectedSequence());
            }
            if (p.kind().startsWith("call-")) {
                calls++;
            }
        }
        assertTrue(oversize > 0 && calls > 100);
        assertEquals(5, DrpcFuzzer.expected(io.daos.control.proto.drpc.Call.newBuilder().setSequence(5).build()
                .toByteArray()));
        assertEquals(-1, DrpcFuzzer.expected(new byte[] {(byte) 0xff}));
    }

    @Test
    public void hintedFieldsOftenCarryTheHintedValues() throws Exception {
        String pool = "6f1c9a0e-7d55-4a57-8f4e-2f0e4b1f6a11";
        RequestMutator hinted = new RequestMutator(Map.of(), Map.of("uuid", List.of(pool), "scmbytes",
                List.of(Long.toString(64L << 20))));
        int parsed = 0;
        int withPool = 0;
        int withSize = 0;
        for (int i = 0; i < 400; i++) {
            RequestMutator.Request r = hinted.next(PoolCreateReq.getDescriptor(), new Random(i));
            PoolCreateReq req;
            try {
                req = PoolCreateReq.parseFrom(r.bytes());
            } catch (com.google.protobuf.InvalidProtocolBufferException damaged) {
                continue;
            }
            parsed++;
            withPool += req.getUuid().equals(pool) ? 1 : 0;
            withSize += req.getScmbytes() == 64L << 20 ? 1 : 0;
        }
        // a field is set 70% of the time at the top level, hinted half of those
        assertTrue(withPool + " of " + parsed, withPool > parsed / 5);
        assertTrue(withSize + " of " + parsed, withSize > parsed / 5);
    }
}
