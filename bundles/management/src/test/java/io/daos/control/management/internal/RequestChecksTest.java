package io.daos.control.management.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.Test;

import io.daos.control.api.drpc.Der;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.LeaderQueryReq;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

public class RequestChecksTest {

    private static final JoinReq OK = JoinReq.newBuilder().setUuid("A106D667-5c5d-4d6f-ac3a-89099196c41a")
            .setUri("ofi+sockets://127.0.0.1:31416").setAddr("0.0.0.0:10001").setRank(-1).setNctxs(-1).build();

    private static Status.Code code(Runnable r) {
        return assertThrows(StatusRuntimeException.class, r::run).getStatus().getCode();
    }

    @Test
    public void stringsWithinTheirBoundsPass() {
        assertSame(OK, RequestChecks.join(OK));
        assertEquals(Optional.empty(), RequestChecks.refusedByDataPlane(OK));
        LeaderQueryReq q = LeaderQueryReq.newBuilder().setSystem("x".repeat(255)).build();
        assertSame(q, RequestChecks.leaderQuery(q));
    }

    @Test
    public void stringsOverTheirBoundsAreInvalidArgument() {
        for (JoinReq r : List.of(OK.toBuilder().setUuid("u".repeat(256)).build(),
                OK.toBuilder().setUri("u".repeat(1025)).build(), OK.toBuilder().setAddr("u".repeat(1025)).build())) {
            assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> RequestChecks.join(r)));
        }
        assertEquals(Status.Code.INVALID_ARGUMENT,
                code(() -> RequestChecks.leaderQuery(LeaderQueryReq.newBuilder().setSystem("x".repeat(256)).build())));
    }

    @Test
    public void theDataPlanesRefusalIsDerInval() {
        Optional<JoinResp> inval = Optional.of(JoinResp.newBuilder().setStatus(Der.INVAL).build());
        assertEquals(inval, RequestChecks.refusedByDataPlane(OK.toBuilder().setUuid("").build()));
        assertEquals(inval, RequestChecks.refusedByDataPlane(OK.toBuilder().setUuid("1-1-1-1-1").build()));
        assertEquals(inval, RequestChecks.refusedByDataPlane(OK.toBuilder().setAddr("a".repeat(128)).build()));
        assertEquals(inval, RequestChecks.refusedByDataPlane(OK.toBuilder().setUri("a".repeat(128)).build()));
        assertEquals(Optional.empty(),
                RequestChecks.refusedByDataPlane(OK.toBuilder().setUri("a".repeat(127)).build()));
    }

    @Test
    public void shortenedCutsTheValueAndItsPortWhereTheyAreLong() {
        String colons = "address a:b:1: too many colons";
        assertEquals(colons, RequestChecks.shortened(colons, "a:b:1"));
        String v = "x".repeat(50) + ":" + "9".repeat(45);
        assertEquals("invalid port \"" + "9".repeat(40) + "... (45 characters)\"",
                RequestChecks.shortened("invalid port \"" + "9".repeat(45) + "\"", v));
        assertEquals("address " + "x".repeat(40) + "... (96 characters): why",
                RequestChecks.shortened("address " + v + ": why", v));
    }
}
