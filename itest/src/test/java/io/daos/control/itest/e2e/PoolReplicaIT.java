package io.daos.control.itest.e2e;

import static io.daos.control.itest.e2e.MgmtCalls.MIB;
import static io.daos.control.itest.e2e.MgmtCalls.create;
import static io.daos.control.itest.e2e.MgmtCalls.newUuid;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.proto.mgmt.GetACLReq;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.daos.control.proto.mgmt.PoolQueryResp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Where the emulated data plane keeps a pool (issue 12 point 6), on a formatted node with two
 * engines (ranks 0 and 1): a pool lives on the engine of its service replica rank, not on the MS
 * engine; when that engine is gone, the pool methods answer DER_TIMEDOUT (-1011) at once rather
 * than hang, a destroy fails and leaves the pool listed, and the pools whose replica is up keep
 * working.
 */
public class PoolReplicaIT {

    private static final int DER_TIMEDOUT = -1011;
    /** A pool method with its replica gone must answer within this (the replica timeout is 10 s). */
    private static final long ANSWER_MS = 15_000;

    @ClassRule
    public static final DistRule DIST = new DistRule("e2e-poolreplica")
            .assuming("needs root: the ram SCM is a tmpfs mount", NodeSupport::isRoot);

    @Rule
    public final WorkRule workRule = new WorkRule(DIST, "e2e-poolreplica-work");

    @Test
    public void aPoolLivesOnItsReplicasEngineAndAnswersTimedOutWhenItIsGone() throws Exception {
        DbNode n = DbNode.startFormatted(workRule);
        MgmtCalls mgmt = n.mgmt();
        String onRank1 = newUuid();
        mgmt.createOk(create(onRank1, 16 * MIB).build(), List.of(1));
        String onRank0 = newUuid();
        mgmt.createOk(create(onRank0, 16 * MIB).addRanks(0).build(), List.of(0));

        ProcessHandle engine1 = n.engine(1);
        assertEquals("the engine of rank 1 holds its pool only", Map.of(onRank1, List.of(1)),
                n.enginePools(engine1));
        assertEquals("the MS engine holds its pool only", Map.of(onRank0, List.of(0)), n.enginePools(n.engine(0)));

        engine1.destroyForcibly();
        assertTrue("engine of rank 1 still alive", engine1.onExit().get(30, TimeUnit.SECONDS) != null);

        long t0 = System.nanoTime();
        PoolQueryResp q = mgmt.stub().poolQuery(PoolQueryReq.newBuilder().setUuid(onRank1).build());
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(q.toString(), DER_TIMEDOUT, q.getStatus());
        assertTrue("PoolQuery took " + ms + " ms", ms < ANSWER_MS);
        assertEquals(DER_TIMEDOUT, mgmt.stub().poolGetACL(GetACLReq.newBuilder().setUuid(onRank1).build())
                .getStatus());
        StatusRuntimeException e = MgmtCalls.failure(() -> mgmt.stub().poolDestroy(PoolDestroyReq.newBuilder()
                .setUuid(onRank1).build()));
        assertEquals(e.toString(), Status.Code.UNKNOWN, e.getStatus().getCode());
        assertTrue(e.toString(), e.getStatus().getDescription().contains("could not be reached"));
        assertTrue("a destroy that could not finish leaves the pool listed", n.listPools().containsKey(onRank1));

        assertEquals("the pool on rank 0 is unaffected", 0, n.queryStatus(onRank0));
        System.out.println("[measure] PoolReplicaIT: PoolQuery with its only replica gone answered "
                + q.getStatus() + " in " + ms + " ms");
    }
}
