package io.daos.control.management.internal.pool;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.Test;

import io.daos.control.proto.mgmt.BioHealthReq;
import io.daos.control.proto.mgmt.BioHealthResp;
import io.daos.control.proto.mgmt.DevStateReq;
import io.daos.control.proto.mgmt.DevStateResp;
import io.daos.control.proto.mgmt.SmdDevResp;
import io.daos.control.proto.mgmt.SmdPoolResp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

public class LocalForwardTest {

    private static final String DEV = "00000000-0000-0000-0000-000000000001";

    private static String error(Runnable r) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, r::run);
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        return e.getStatus().getDescription();
    }

    private static BioHealthResp bio(int status, int temperature) {
        return BioHealthResp.newBuilder().setStatus(status).setTemperature(temperature).build();
    }

    private static DevStateResp state(int status, String s) {
        return DevStateResp.newBuilder().setStatus(status).setDevUuid(DEV).setDevState(s).build();
    }

    /** Replies handed out one by one, counting how many were asked for; a null entry throws. */
    private static final class Calls<R> implements Iterable<R> {
        private final List<R> replies;
        private int asked;

        Calls(List<R> replies) {
            this.replies = replies;
        }

        @Override
        public Iterator<R> iterator() {
            return new Iterator<>() {
                private int i;

                @Override
                public boolean hasNext() {
                    return i < replies.size();
                }

                @Override
                public R next() {
                    asked++;
                    R r = replies.get(i++);
                    if (r == null) {
                        throw new IllegalStateException("dRPC failed");
                    }
                    return r;
                }
            };
        }
    }

    @Test
    public void bioFirstSuccessWins() {
        BioHealthResp first = bio(0, 300);
        Calls<BioHealthResp> calls = new Calls<>(List.of(first, bio(0, 301)));
        assertSame(first, LocalForward.bioHealth(BioHealthReq.newBuilder().setDevUuid(DEV).build(), calls));
        assertEquals("the second instance is not called", 1, calls.asked);
    }

    @Test
    public void bioFailedFirstThenSuccessIsTheSecond() {
        BioHealthResp second = bio(0, 301);
        assertSame(second, LocalForward.bioHealth(BioHealthReq.newBuilder().setDevUuid(DEV).build(),
                List.of(bio(-1, 0), second)));
    }

    @Test
    public void bioNoneMatchedNamesTheDeviceOrTheTarget() {
        List<BioHealthResp> failed = List.of(bio(-1, 0), bio(-1005, 0));
        assertEquals("no rank matched request for \"" + DEV + "\"",
                error(() -> LocalForward.bioHealth(BioHealthReq.newBuilder().setDevUuid(DEV).setTgtId("3").build(),
                        failed)));
        assertEquals("no rank matched request for \"3\"",
                error(() -> LocalForward.bioHealth(BioHealthReq.newBuilder().setTgtId("3").build(), failed)));
        assertEquals("no rank matched request for \"\"",
                error(() -> LocalForward.bioHealth(BioHealthReq.getDefaultInstance(), List.of())));
    }

    @Test
    public void anErrorFromAnInstanceEndsTheSearch() {
        List<BioHealthResp> replies = new ArrayList<>();
        replies.add(bio(-1, 0));
        replies.add(null);
        replies.add(bio(0, 1));
        Calls<BioHealthResp> calls = new Calls<>(replies);
        BioHealthReq req = BioHealthReq.newBuilder().setDevUuid(DEV).build();
        assertThrows(IllegalStateException.class, () -> LocalForward.bioHealth(req, calls));
        assertEquals(2, calls.asked);
    }

    @Test
    public void devStateFirstSuccessWins() {
        DevStateReq req = DevStateReq.newBuilder().setDevUuid(DEV).build();
        DevStateResp ok = state(0, "FAULTY\n");
        assertSame(ok, LocalForward.devState(req, List.of(state(-1, ""), ok, state(0, "NORMAL\n"))));
        assertEquals("no rank matched request for \"" + DEV + "\"",
                error(() -> LocalForward.devState(req, List.of(state(-1, ""), state(-1, "")))));
    }

    @Test
    public void longIdIsQuotedShort() {
        String id = "d".repeat(1000);
        DevStateReq req = DevStateReq.newBuilder().setDevUuid(id).build();
        assertEquals("no rank matched request for \"" + "d".repeat(40) + "\"... (1000 characters)",
                error(() -> LocalForward.devState(req, List.of())));
    }

    private static SmdDevResp devs(int status, String... uuids) {
        SmdDevResp.Builder b = SmdDevResp.newBuilder().setStatus(status);
        for (String u : uuids) {
            b.addDevices(SmdDevResp.Device.newBuilder().setUuid(u).addTgtIds(0));
        }
        return b.build();
    }

    private static SmdPoolResp pools(int status, String... uuids) {
        SmdPoolResp.Builder b = SmdPoolResp.newBuilder().setStatus(status);
        for (String u : uuids) {
            b.addPools(SmdPoolResp.Pool.newBuilder().setUuid(u).addTgtIds(0).addBlobs(7));
        }
        return b.build();
    }

    @Test
    public void smdDevsAreConcatenatedInInstanceOrder() {
        assertEquals(devs(0, "a", "b", "c"), LocalForward.smdDevs(List.of(devs(0, "a", "b"), devs(0, "c"))));
        assertEquals(devs(0), LocalForward.smdDevs(List.of()));
    }

    @Test
    public void smdDevsFirstFailureIsReturnedAsItIs() {
        SmdDevResp failed = devs(-1);
        Calls<SmdDevResp> calls = new Calls<>(List.of(failed, devs(0, "c")));
        assertSame(failed, LocalForward.smdDevs(calls));
        assertEquals(1, calls.asked);
        SmdDevResp late = devs(-1005, "x");
        assertSame("the earlier devices are dropped", late, LocalForward.smdDevs(List.of(devs(0, "a"), late)));
    }

    @Test
    public void smdPoolsFollowTheSameRule() {
        assertEquals(pools(0, "p", "q"), LocalForward.smdPools(List.of(pools(0, "p"), pools(0, "q"))));
        SmdPoolResp failed = pools(-1);
        assertSame(failed, LocalForward.smdPools(List.of(failed, pools(0, "q"))));
    }
}
