package io.daos.control.engine;

import static io.daos.control.engine.MgmtFixture.NIL;
import static io.daos.control.engine.MgmtFixture.POOL;
import static io.daos.control.engine.MgmtFixture.uuid;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.daos.control.api.drpc.Der;
import io.daos.control.proto.mgmt.ListContReq;
import io.daos.control.proto.mgmt.ListContResp;
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.daos.control.proto.mgmt.PoolQueryResp;
import io.daos.control.proto.mgmt.PoolRebuildStatus;
import io.daos.control.proto.mgmt.PoolSetPropReq;
import io.daos.control.proto.mgmt.PoolSetPropResp;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

public class PoolHandlersTest {
    @Rule
    public final MgmtFixture f = new MgmtFixture();

    private PoolQueryResp query(String uuid) {
        return f.pools.query(PoolQueryReq.newBuilder().setUuid(uuid).build());
    }

    private int destroy(String uuid, boolean force) {
        return f.pools.destroy(PoolDestroyReq.newBuilder().setUuid(uuid).setForce(force).build()).getStatus();
    }

    private ListPoolsResp list() {
        return f.pools.listPools(ListPoolsReq.newBuilder().setSys("daos_server").build());
    }

    private PoolSetPropResp setProp(PoolSetPropReq.Builder b) {
        return f.pools.setProp(b.build());
    }

    private static PoolCreateReq.Builder req(String uuid) {
        return PoolCreateReq.newBuilder().setUuid(uuid).setScmbytes(1L << 30).setNumsvcreps(1);
    }

    @Test
    public void replicaChoiceExamples() {
        assertEquals(List.of(1L), PoolHandlers.chooseReplicas(List.of(0L, 1L, 2L, 3L), 1));
        assertEquals(List.of(1L, 2L, 3L), PoolHandlers.chooseReplicas(List.of(0L, 1L, 2L, 3L), 3));
        assertEquals(List.of(1L, 2L, 3L), PoolHandlers.chooseReplicas(List.of(0L, 1L, 2L, 3L), 5));
        assertEquals(List.of(0L), PoolHandlers.chooseReplicas(List.of(0L), 3));
        assertEquals(List.of(2L), PoolHandlers.chooseReplicas(List.of(0L, 2L), 1));
        assertEquals(List.of(2L, 5L), PoolHandlers.chooseReplicas(List.of(2L, 5L, 7L), 2));
    }

    /**
     * PoolIT found: {@code numsvcreps} 4294967295 (uint32) made {@code subList(0, -1)} throw, so
     * the create failed at the dRPC level instead of choosing every selectable rank.
     */
    @Test
    public void replicaCountIsUnsigned() {
        assertEquals(List.of(1L, 2L, 3L), PoolHandlers.chooseReplicas(List.of(0L, 1L, 2L, 3L), -1));
        assertEquals(List.of(1L, 2L, 3L), PoolHandlers.chooseReplicas(List.of(0L, 1L, 2L, 3L), Integer.MIN_VALUE));
    }

    /**
     * PoolIT found: SCM or NVMe sizes of 2^63 bytes and more (uint64) were divided and compared as
     * signed numbers, so an 18 EB request was created (SCM as the 16 MiB minimum) instead of
     * failing with DER_NOSPACE; a share whose total overflows must not fit either.
     */
    @Test
    public void hugeSizesAreNoSpace() throws Exception {
        f.bootstrap();
        f.join(uuid(1), NIL);
        assertEquals(Der.NOSPACE, f.pools.create(req(uuid(110)).setScmbytes(-1L).setUser("bob@").build()).getStatus());
        assertEquals(Der.NOSPACE, f.pools.create(req(uuid(111)).setScmbytes(Long.MIN_VALUE).setUser("bob@").build())
                .getStatus());
        assertEquals(Der.NOSPACE, f.pools.create(req(uuid(112)).setNvmebytes(-1L).setUser("bob@").build()).getStatus());
        assertEquals(0, list().getPoolsCount());
        assertFalse(PoolHandlers.fits(0, Long.MAX_VALUE, 4, 1L << 40));
        assertFalse(PoolHandlers.fits(0, -1L, 1, Long.MAX_VALUE));
        assertFalse(PoolHandlers.fits(10, 1, 1, 10));
        assertTrue(PoolHandlers.fits(8, 1, 2, 10));
        assertTrue(PoolHandlers.fits(0, 5, 2, 10));
        assertFalse(PoolHandlers.fits(0, 6, 2, 10));
    }

    @Test
    public void poolServiceNeedsARankOnly() throws Exception {
        assertEquals(Der.NOTREPLICA, f.create(POOL, 1).getStatus());
        assertEquals(Der.NOTREPLICA, list().getStatus());
        assertEquals(Der.NOTREPLICA, query(POOL).getStatus());
        assertEquals(Der.NOTREPLICA, destroy(POOL, false));
        assertEquals(Der.NOTREPLICA, setProp(PoolSetPropReq.newBuilder().setUuid(POOL).setNumber(5).setNumval(1))
                .getStatus());
        assertEquals(Der.NOTREPLICA, f.pools.listContainers(ListContReq.newBuilder().setUuid(POOL).build())
                .getStatus());
        // the request itself is checked first
        assertEquals(Der.INVAL, f.create("bad", 1).getStatus());
        assertEquals(Der.INVAL, query("bad").getStatus());
        // an engine with a rank but no management service is a pool service replica
        f.rankOnly(2);
        assertEquals(List.of(2, 3), f.create(POOL, 2, 2, 3).getSvcrepsList());
        assertEquals(0, query(POOL).getStatus());
        assertEquals(List.of(POOL), list().getPoolsList().stream().map(ListPoolsResp.Pool::getUuid).toList());
        f.restart(); // the rank survives a restart: no StartMS needed for the pools it holds
        assertEquals(0, query(POOL).getStatus());
        assertEquals(0, f.pools.listContainers(ListContReq.newBuilder().setUuid(POOL).build()).getStatus());
        assertEquals(0, destroy(POOL, false));
        assertEquals(0, list().getPoolsCount());
    }

    @Test
    public void createTakesTheRanksAsSentWithoutAMembershipCheck() throws Exception {
        f.rankOnly(1); // knows no members: the control plane checked them
        PoolCreateResp r = f.create(POOL, 2, 0, 1, 9);
        assertEquals(0, r.getStatus());
        assertEquals(List.of(1, 9), r.getSvcrepsList());
        assertEquals(List.of(0L, 1L, 9L), f.ctx.state().pools.get(POOL).ranks);
        // a bare request (no ranks): the members this engine knows, none here, so itself alone
        assertEquals(List.of(1), f.create(uuid(2), 1).getSvcrepsList());
    }

    @Test
    public void createQueryListDestroy() throws Exception {
        f.bootstrap();
        f.join(uuid(1), NIL);
        f.join(uuid(2), NIL);
        f.join(uuid(3), NIL);
        PoolCreateResp r = f.create(POOL, 3);
        assertEquals(0, r.getStatus());
        assertEquals(List.of(1, 2, 3), r.getSvcrepsList());
        assertEquals(Der.ALREADY, f.create(POOL, 1).getStatus());
        assertEquals(Der.ALREADY, f.create(POOL.toUpperCase(), 1).getStatus());
        String p2 = uuid(100);
        assertEquals(List.of(2), f.create(p2, 1, 2, 0, 2).getSvcrepsList());
        assertEquals(List.of(0), f.create(uuid(101), 2, 0).getSvcrepsList());
        assertEquals(Der.INVAL, f.create(uuid(103), 0).getStatus());
        assertEquals(Der.INVAL, f.create("{" + POOL + "}", 1).getStatus());
        assertEquals(Der.INVAL, f.create(POOL.replace("-", ""), 1).getStatus());
        assertEquals(Der.INVAL, f.pools.create(req(uuid(104)).build()).getStatus()); // no user, group or ACL
        assertEquals(Der.INVAL, f.pools.create(req(uuid(104)).addAcl("A::GROUP@:rw").build()).getStatus());
        assertEquals(Der.NOSPACE, f.pools.create(req(uuid(105)).setScmbytes(1L << 60).setUser("bob@").build())
                .getStatus());
        assertEquals(Der.NOSPACE, f.pools.create(req(uuid(105)).setNvmebytes(1L << 40).setUser("bob@").build())
                .getStatus());
        EngineState.Pool stored = f.onDisk().pools.get(p2);
        assertEquals(List.of(0L, 2L), stored.ranks);
        assertEquals(List.of(2L), stored.svcReps);
        assertEquals("bob@", stored.owner);
        assertEquals("staff@", stored.ownerGroup);
        assertEquals(List.of("A::OWNER@:rw", "A:G:GROUP@:rw"), stored.acl);

        // query: 4 ranks x 4 targets, SCM 1 GiB / 4 targets per rank, NVMe 1 GiB / 4
        PoolQueryResp q = query(POOL.toUpperCase());
        assertEquals(0, q.getStatus());
        assertEquals(POOL.toUpperCase(), q.getUuid());
        assertEquals(16, q.getTotaltargets());
        assertEquals(16, q.getActivetargets());
        assertEquals(0, q.getDisabledtargets());
        assertEquals(16L * (256L << 20), q.getScm().getTotal());
        long free = (256L << 20) - PoolHandlers.META_OVERHEAD;
        assertEquals(16 * free, q.getScm().getFree());
        assertEquals(free, q.getScm().getMin());
        assertEquals(free, q.getScm().getMax());
        assertEquals(free, q.getScm().getMean());
        assertEquals(4L << 30, q.getNvme().getTotal());
        assertEquals(0, q.getRebuild().getStatus());
        assertEquals(PoolRebuildStatus.State.IDLE, q.getRebuild().getState());
        // minimum 16 MiB SCM per target; no NVMe: empty NVMe usage
        assertEquals(0, f.pools.create(req(uuid(106)).setScmbytes(1000).setUser("bob@").build()).getStatus());
        assertEquals(PoolHandlers.MIN_SCM_PER_TARGET, f.ctx.state().pools.get(uuid(106)).scmPerTarget);
        assertEquals(0, query(uuid(106)).getNvme().getTotal());
        assertEquals(Der.NONEXIST, query(uuid(999)).getStatus());
        assertEquals(Der.INVAL, query("x").getStatus());

        ListPoolsResp lp = list();
        assertEquals(0, lp.getStatus());
        assertEquals(4, lp.getPoolsCount());
        assertEquals(POOL, lp.getPools(0).getUuid());
        assertEquals(List.of(1, 2, 3), lp.getPools(0).getSvcrepsList());

        assertEquals(Der.INVAL, destroy("bad", false));
        assertEquals(0, destroy(p2, false));
        assertFalse(f.onDisk().pools.containsKey(p2));
        assertEquals(Der.NONEXIST, destroy(p2, true));
        assertEquals(3, list().getPoolsCount());
    }

    @Test
    public void listContainers() throws Exception {
        f.bootstrap();
        f.create(POOL, 1);
        ListContResp lc = f.pools.listContainers(ListContReq.newBuilder().setUuid(POOL).build());
        assertEquals(0, lc.getStatus());
        assertEquals(0, lc.getContainersCount());
        f.ctx.state().pools.get(POOL).containers = List.of(uuid(7), uuid(8));
        lc = f.pools.listContainers(ListContReq.newBuilder().setUuid(POOL.toUpperCase()).build());
        assertEquals(2, lc.getContainersCount());
        assertEquals(uuid(7), lc.getContainers(0).getUuid());
        assertEquals(uuid(8), lc.getContainers(1).getUuid());
        assertEquals(Der.NONEXIST, f.pools.listContainers(ListContReq.newBuilder().setUuid(uuid(999)).build())
                .getStatus());
        assertEquals(Der.INVAL, f.pools.listContainers(ListContReq.newBuilder().setUuid("").build()).getStatus());
    }

    @Test
    public void setProp() throws Exception {
        f.bootstrap();
        f.create(POOL, 1);
        PoolSetPropResp r = setProp(PoolSetPropReq.newBuilder().setUuid(POOL).setNumber(PoolHandlers.PROP_RECLAIM)
                .setNumval(4));
        assertEquals(0, r.getStatus());
        assertEquals(PoolHandlers.PROP_RECLAIM, r.getNumber());
        assertEquals(4, r.getNumval());
        assertEquals(4, f.onDisk().pools.get(POOL).reclaim);
        r = setProp(PoolSetPropReq.newBuilder().setUuid(POOL).setNumber(PoolHandlers.PROP_LABEL).setStrval("mylabel"));
        assertEquals("mylabel", r.getStrval());
        assertEquals(PoolHandlers.PROP_LABEL, r.getNumber());
        assertEquals(7, setProp(PoolSetPropReq.newBuilder().setUuid(POOL).setNumber(PoolHandlers.PROP_SPACE_RB)
                .setNumval(7)).getNumval());
        assertEquals(1, setProp(PoolSetPropReq.newBuilder().setUuid(POOL).setNumber(PoolHandlers.PROP_SELF_HEAL)
                .setNumval(1)).getNumval());
        assertEquals("alice@", setProp(PoolSetPropReq.newBuilder().setUuid(POOL).setNumber(PoolHandlers.PROP_OWNER)
                .setStrval("alice@")).getStrval());
        String longGroup = "g".repeat(io.daos.control.api.acl.Principal.NAME_MAX + 10);
        assertEquals("g".repeat(io.daos.control.api.acl.Principal.NAME_MAX), setProp(PoolSetPropReq.newBuilder().setUuid(POOL)
                .setNumber(PoolHandlers.PROP_OWNER_GROUP).setStrval(longGroup)).getStrval());
        EngineState.Pool p = f.onDisk().pools.get(POOL);
        assertEquals(7, p.spaceRb);
        assertEquals(1, p.selfHeal);
        assertEquals("alice@", p.owner);
        assertEquals("mylabel", p.label);
        // by name, no value, wrong value type, unsupported numbers, bad uuid, no pool
        for (PoolSetPropReq.Builder bad : List.of(
                PoolSetPropReq.newBuilder().setUuid(POOL).setName("reclaim").setNumval(1),
                PoolSetPropReq.newBuilder().setUuid(POOL).setNumber(PoolHandlers.PROP_RECLAIM),
                PoolSetPropReq.newBuilder().setUuid(POOL).setNumber(PoolHandlers.PROP_RECLAIM).setStrval("lazy"),
                PoolSetPropReq.newBuilder().setUuid(POOL).setNumber(PoolHandlers.PROP_LABEL).setNumval(1),
                PoolSetPropReq.newBuilder().setUuid(POOL).setNumber(PoolHandlers.PROP_ACL).setStrval("A::OWNER@:rw"),
                PoolSetPropReq.newBuilder().setUuid(POOL).setNumber(PoolHandlers.PROP_SVC_LIST).setNumval(1),
                PoolSetPropReq.newBuilder().setUuid(POOL).setNumber(42).setNumval(1),
                PoolSetPropReq.newBuilder().setUuid("bad").setNumber(PoolHandlers.PROP_RECLAIM).setNumval(1))) {
            r = setProp(bad);
            assertEquals(bad.toString(), Der.INVAL, r.getStatus());
            assertEquals(0, r.getNumber());
        }
        assertEquals(Der.NONEXIST, setProp(PoolSetPropReq.newBuilder().setUuid(uuid(9))
                .setNumber(PoolHandlers.PROP_RECLAIM).setNumval(1)).getStatus());
    }

    @Test
    public void failedSavesAnswerDerIoAndKeepTheOldState() throws Exception {
        f.bootstrap();
        f.create(POOL, 1);
        f.breakSaves();
        assertEquals(Der.IO, f.create(uuid(2), 1).getStatus());
        assertEquals(Der.IO, setProp(PoolSetPropReq.newBuilder().setUuid(POOL).setNumber(PoolHandlers.PROP_RECLAIM)
                .setNumval(0)).getStatus());
        assertEquals(Der.IO, destroy(POOL, false));
        assertEquals(List.of(POOL), List.copyOf(f.ctx.state().pools.keySet()));
        assertEquals(1, f.ctx.state().pools.get(POOL).reclaim);
        assertEquals(0, query(POOL).getStatus());
    }
}
