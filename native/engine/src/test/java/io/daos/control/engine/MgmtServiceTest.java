package io.daos.control.engine;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.google.protobuf.MessageLite;
import io.daos.control.proto.drpc.Status;
import io.daos.control.proto.mgmt.ACLResp;
import io.daos.control.proto.mgmt.BioHealthReq;
import io.daos.control.proto.mgmt.BioHealthResp;
import io.daos.control.proto.mgmt.CreateMsReq;
import io.daos.control.proto.mgmt.DaosResp;
import io.daos.control.proto.mgmt.DeleteACLReq;
import io.daos.control.proto.mgmt.DevStateReq;
import io.daos.control.proto.mgmt.DevStateResp;
import io.daos.control.proto.mgmt.GetACLReq;
import io.daos.control.proto.mgmt.GetAttachInfoReq;
import io.daos.control.proto.mgmt.GetAttachInfoResp;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.ListContReq;
import io.daos.control.proto.mgmt.ListContResp;
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.ModifyACLReq;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.daos.control.proto.mgmt.PoolDestroyResp;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.daos.control.proto.mgmt.PoolQueryResp;
import io.daos.control.proto.mgmt.PoolSetPropReq;
import io.daos.control.proto.mgmt.PoolSetPropResp;
import io.daos.control.proto.mgmt.SetRankReq;
import io.daos.control.proto.mgmt.SmdDevResp;
import io.daos.control.proto.mgmt.SmdPoolResp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class MgmtServiceTest {
    static final String MS_UUID = "11111111-2222-3333-4444-555555555555";
    static final String POOL = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    static final int NIL = -1; // 0xFFFFFFFF as uint32

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path scm;
    private Node node;
    private MgmtService svc;

    @Before
    public void setUp() throws Exception {
        scm = tmp.newFolder("scm").toPath();
        Path conf = scm.resolve("daos_nvme.conf");
        Files.writeString(conf, "[Malloc]\n    NumberOfLuns 2\n    LunSizeInMB 4000\n");
        List<Devices.Device> devs = Devices.load(conf, scm.toString(), 4, "MALLOC", null);
        node = new Node("ofi+sockets://127.0.0.1:31416", 6, 4, devs, scm);
        svc = newService();
    }

    private MgmtService newService() throws Exception {
        StateStore store = new StateStore(scm);
        return new MgmtService(store, store.load(), node, quietLog());
    }

    static Log quietLog() {
        return new Log(new PrintStream(new ByteArrayOutputStream()), Log.DEBUG, "test");
    }

    private byte[] call(int method, MessageLite req) throws DrpcFailure {
        return svc.handle(method, req == null ? new byte[0] : req.toByteArray());
    }

    private int daos(int method, MessageLite req) throws Exception {
        return DaosResp.parseFrom(call(method, req)).getStatus();
    }

    /** SetRank 0, bootstrap CreateMS, StartMS, SetUp: the MS replica's start-up (WIRE 4.8). */
    private void bootstrap() throws Exception {
        assertEquals(0, daos(202, SetRankReq.newBuilder().setRank(0).build()));
        assertEquals(0, daos(203, CreateMsReq.newBuilder().setBootstrap(true).setUuid(MS_UUID)
                .setAddr("127.0.0.1:10001").build()));
        assertEquals(0, daos(204, null));
        assertEquals(0, daos(209, null));
    }

    private JoinResp join(String uuid, int rank) throws Exception {
        return JoinResp.parseFrom(call(205, JoinReq.newBuilder().setUuid(uuid).setRank(rank)
                .setUri("ofi+sockets://10.0.0.2:31416").setNctxs(6).setAddr("0.0.0.0:10001").build()));
    }

    private static String uuid(int i) {
        return String.format("00000000-0000-0000-0000-%012d", i);
    }

    private PoolCreateResp create(String uuid, int nsvc, int... ranks) throws Exception {
        PoolCreateReq.Builder b = PoolCreateReq.newBuilder().setUuid(uuid).setScmbytes(1L << 30)
                .setNvmebytes(1L << 30).setNumsvcreps(nsvc).setUser("bob@").setUsergroup("staff@");
        for (int r : ranks) {
            b.addRanks(r);
        }
        return PoolCreateResp.parseFrom(call(207, b.build()));
    }

    private void expectFailure(int method, byte[] body, Status want) {
        try {
            svc.handle(method, body);
            fail("method " + method + " accepted a bad call");
        } catch (DrpcFailure e) {
            assertEquals(want, e.status());
        }
    }

    @Test
    public void unknownMethodsAndBadBodies() {
        expectFailure(201, new byte[0], Status.UNKNOWN_METHOD);
        expectFailure(225, new byte[0], Status.UNKNOWN_METHOD);
        expectFailure(0, new byte[0], Status.UNKNOWN_METHOD);
        byte[] junk = {0x0a, 0x05, 0x01}; // field 1, length 5, only 1 byte
        for (int m = 202; m <= 224; m++) {
            if (m == 204 || m == 209) {
                continue; // no request body is read
            }
            expectFailure(m, junk, m == 219 || m == 220 ? Status.FAILURE : Status.FAILED_UNMARSHAL_PAYLOAD);
        }
    }

    @Test
    public void startupMethodsAndLeaderChecks() throws Exception {
        // not a replica yet
        assertEquals(Der.NOTREPLICA, join(uuid(1), NIL).getStatus());
        assertEquals(Der.NOTREPLICA, GetAttachInfoResp.parseFrom(call(206, GetAttachInfoReq.getDefaultInstance()))
                .getStatus());
        assertEquals(Der.NOTREPLICA, create(POOL, 1).getStatus());
        assertEquals(Der.NONEXIST, daos(204, null));
        assertEquals(Der.INVAL, daos(202, SetRankReq.newBuilder().setRank(NIL).build()));
        assertEquals(0, daos(202, SetRankReq.newBuilder().setRank(0).build()));
        assertEquals(Der.INVAL, daos(203, CreateMsReq.newBuilder().setBootstrap(true).setUuid("nope").build()));
        assertEquals(Der.INVAL, daos(203, CreateMsReq.newBuilder().setBootstrap(true).setUuid(MS_UUID)
                .setAddr("x".repeat(128)).build()));
        assertEquals(0, daos(203, CreateMsReq.newBuilder().setBootstrap(true).setUuid(MS_UUID)
                .setAddr("127.0.0.1:10001").build()));
        // created, not started
        assertEquals(Der.NOTLEADER, join(uuid(1), NIL).getStatus());
        assertEquals(0, daos(204, null));
        assertEquals(0, daos(204, null)); // already started counts as success
        assertFalse(svc.isSetUp());
        assertEquals(0, daos(209, null));
        assertTrue(svc.isSetUp());
        assertEquals(0, daos(218, null));
        assertEquals(0, daos(224, null));
        GetAttachInfoResp ai = GetAttachInfoResp.parseFrom(call(206, GetAttachInfoReq.newBuilder()
                .setSys("daos_server").build()));
        assertEquals(0, ai.getStatus());
        assertEquals(1, ai.getPsrsCount());
        assertEquals(0, ai.getPsrs(0).getRank());
        assertEquals(node.uri(), ai.getPsrs(0).getUri());
        EngineState s = svc.state();
        assertEquals(1, s.mapVersion);
        assertEquals(1, s.rankNext);
        assertEquals(MS_UUID, s.members.get(0L).uuid);
    }

    @Test
    public void joinAssignsRanks() throws Exception {
        bootstrap();
        JoinResp a = join(uuid(1), NIL);
        assertEquals(0, a.getStatus());
        assertEquals(1, a.getRank());
        assertEquals(JoinResp.State.IN, a.getState());
        assertEquals(2, join(uuid(2), NIL).getRank());
        // known uuid: same rank, with nil or the same explicit rank; another rank -> DER_PROTO
        assertEquals(1, join(uuid(1), NIL).getRank());
        assertEquals(1, join(uuid(1).toUpperCase(), 1).getRank());
        assertEquals(Der.PROTO, join(uuid(1), 7).getStatus());
        // requested rank honoured if free, DER_EXIST if taken
        assertEquals(5, join(uuid(3), 5).getRank());
        assertEquals(Der.EXIST, join(uuid(4), 2).getStatus());
        // an explicit rank does not move the allocation floor (reference bug not reproduced)
        assertEquals(3, join(uuid(4), NIL).getRank());
        assertEquals(4, join(uuid(6), NIL).getRank());
        assertEquals(6, join(uuid(7), NIL).getRank()); // 5 is taken
        // bad input
        assertEquals(Der.INVAL, join("not-a-uuid", NIL).getStatus());
        assertEquals(Der.INVAL, JoinResp.parseFrom(call(205, JoinReq.newBuilder().setUuid(uuid(9)).setRank(NIL)
                .setUri("u".repeat(128)).build())).getStatus());
        assertEquals(Der.INVAL, JoinResp.parseFrom(call(205, JoinReq.newBuilder().setUuid(uuid(9)).setRank(NIL)
                .setAddr("a".repeat(128)).build())).getStatus());
        EngineState s = svc.state();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), List.copyOf(s.members.keySet()));
        assertEquals(7, s.rankNext);
        assertEquals(1 + 6, s.mapVersion);
        // restart: the floor is the persisted rank_next
        svc = newService();
        assertEquals(0, daos(204, null));
        assertEquals(1, join(uuid(1), NIL).getRank());
        assertEquals(7, join(uuid(8), NIL).getRank());
    }

    @Test
    public void replicaChoiceExamples() {
        assertEquals(List.of(1L), MgmtService.chooseReplicas(List.of(0L, 1L, 2L, 3L), 1));
        assertEquals(List.of(1L, 2L, 3L), MgmtService.chooseReplicas(List.of(0L, 1L, 2L, 3L), 3));
        assertEquals(List.of(1L, 2L, 3L), MgmtService.chooseReplicas(List.of(0L, 1L, 2L, 3L), 5));
        assertEquals(List.of(0L), MgmtService.chooseReplicas(List.of(0L), 3));
        assertEquals(List.of(2L), MgmtService.chooseReplicas(List.of(0L, 2L), 1));
        assertEquals(List.of(2L, 5L), MgmtService.chooseReplicas(List.of(2L, 5L, 7L), 2));
    }

    @Test
    public void poolCreateQueryListDestroy() throws Exception {
        bootstrap();
        join(uuid(1), NIL);
        join(uuid(2), NIL);
        join(uuid(3), NIL);
        PoolCreateResp r = create(POOL, 3);
        assertEquals(0, r.getStatus());
        assertEquals(List.of(1, 2, 3), r.getSvcrepsList());
        assertEquals(Der.ALREADY, create(POOL, 1).getStatus());
        assertEquals(Der.ALREADY, create(POOL.toUpperCase(), 1).getStatus());
        String p2 = uuid(100);
        assertEquals(List.of(2), create(p2, 1, 2, 0, 2).getSvcrepsList());
        assertEquals(List.of(0), create(uuid(101), 2, 0).getSvcrepsList());
        assertEquals(Der.OOG, create(uuid(102), 1, 0, 9).getStatus());
        assertEquals(Der.INVAL, create(uuid(103), 0).getStatus());
        assertEquals(Der.INVAL, create("{" + POOL + "}", 1).getStatus());
        assertEquals(Der.INVAL, create(POOL.replace("-", ""), 1).getStatus());
        assertEquals(Der.INVAL, PoolCreateResp.parseFrom(call(207, PoolCreateReq.newBuilder().setUuid(uuid(104))
                .setScmbytes(1L << 30).setNumsvcreps(1).build())).getStatus()); // no user, group or ACL
        assertEquals(Der.INVAL, PoolCreateResp.parseFrom(call(207, PoolCreateReq.newBuilder().setUuid(uuid(104))
                .setScmbytes(1L << 30).setNumsvcreps(1).addAcl("A::GROUP@:rw").build())).getStatus());
        assertEquals(Der.NOSPACE, PoolCreateResp.parseFrom(call(207, PoolCreateReq.newBuilder().setUuid(uuid(105))
                .setScmbytes(1L << 60).setNumsvcreps(1).setUser("bob@").build())).getStatus());
        assertEquals(Der.NOSPACE, PoolCreateResp.parseFrom(call(207, PoolCreateReq.newBuilder().setUuid(uuid(105))
                .setScmbytes(1L << 30).setNvmebytes(1L << 40).setNumsvcreps(1).setUser("bob@").build()))
                .getStatus());

        // query: 4 ranks x 4 targets, SCM 1 GiB / 4 targets per rank, NVMe 1 GiB / 4
        PoolQueryResp q = PoolQueryResp.parseFrom(call(222, PoolQueryReq.newBuilder().setUuid(POOL.toUpperCase())
                .build()));
        assertEquals(0, q.getStatus());
        assertEquals(POOL.toUpperCase(), q.getUuid());
        assertEquals(16, q.getTotaltargets());
        assertEquals(16, q.getActivetargets());
        assertEquals(0, q.getDisabledtargets());
        assertEquals(16L * (256L << 20), q.getScm().getTotal());
        long free = (256L << 20) - MgmtService.META_OVERHEAD;
        assertEquals(16 * free, q.getScm().getFree());
        assertEquals(free, q.getScm().getMin());
        assertEquals(free, q.getScm().getMean());
        assertEquals(4L << 30, q.getNvme().getTotal());
        assertEquals(0, q.getRebuild().getStatus());
        assertEquals(io.daos.control.proto.mgmt.PoolRebuildStatus.State.IDLE, q.getRebuild().getState());
        // minimum 16 MiB SCM per target
        assertEquals(0, PoolCreateResp.parseFrom(call(207, PoolCreateReq.newBuilder().setUuid(uuid(106))
                .setScmbytes(1000).setNumsvcreps(1).setUser("bob@").build())).getStatus());
        assertEquals(16L << 20, svc.state().pools.get(uuid(106)).scmPerTarget);
        assertEquals(Der.NONEXIST, PoolQueryResp.parseFrom(call(222, PoolQueryReq.newBuilder().setUuid(uuid(999))
                .build())).getStatus());
        assertEquals(Der.INVAL, PoolQueryResp.parseFrom(call(222, PoolQueryReq.newBuilder().setUuid("x").build()))
                .getStatus());

        ListPoolsResp lp = ListPoolsResp.parseFrom(call(214, ListPoolsReq.newBuilder().setSys("daos_server").build()));
        assertEquals(0, lp.getStatus());
        assertEquals(4, lp.getPoolsCount());
        assertEquals(POOL, lp.getPools(0).getUuid());
        assertEquals(List.of(1, 2, 3), lp.getPools(0).getSvcrepsList());

        ListContResp lc = ListContResp.parseFrom(call(221, ListContReq.newBuilder().setUuid(POOL).build()));
        assertEquals(0, lc.getStatus());
        assertEquals(0, lc.getContainersCount());
        assertEquals(Der.NONEXIST, ListContResp.parseFrom(call(221, ListContReq.newBuilder().setUuid(uuid(999))
                .build())).getStatus());
        assertEquals(Der.INVAL, ListContResp.parseFrom(call(221, ListContReq.newBuilder().setUuid("").build()))
                .getStatus());

        assertEquals(Der.INVAL, PoolDestroyResp.parseFrom(call(208, PoolDestroyReq.newBuilder().setUuid("bad")
                .build())).getStatus());
        assertEquals(0, PoolDestroyResp.parseFrom(call(208, PoolDestroyReq.newBuilder().setUuid(p2).build()))
                .getStatus());
        assertEquals(Der.NONEXIST, PoolDestroyResp.parseFrom(call(208, PoolDestroyReq.newBuilder().setUuid(p2)
                .setForce(true).build())).getStatus());
        assertEquals(3, ListPoolsResp.parseFrom(call(214, null)).getPoolsCount());
    }

    @Test
    public void setProp() throws Exception {
        bootstrap();
        create(POOL, 1);
        PoolSetPropResp r = PoolSetPropResp.parseFrom(call(223, PoolSetPropReq.newBuilder().setUuid(POOL)
                .setNumber(5).setNumval(4).build()));
        assertEquals(0, r.getStatus());
        assertEquals(5, r.getNumber());
        assertEquals(4, r.getNumval());
        assertEquals(4, svc.state().pools.get(POOL).reclaim);
        r = PoolSetPropResp.parseFrom(call(223, PoolSetPropReq.newBuilder().setUuid(POOL)
                .setNumber(1).setStrval("mylabel").build()));
        assertEquals("mylabel", r.getStrval());
        assertEquals(1, r.getNumber());
        // by name, no value, wrong value type, unsupported numbers, bad uuid, no pool
        for (PoolSetPropReq bad : List.of(
                PoolSetPropReq.newBuilder().setUuid(POOL).setName("reclaim").setNumval(1).build(),
                PoolSetPropReq.newBuilder().setUuid(POOL).setNumber(5).build(),
                PoolSetPropReq.newBuilder().setUuid(POOL).setNumber(5).setStrval("lazy").build(),
                PoolSetPropReq.newBuilder().setUuid(POOL).setNumber(2).setStrval("A::OWNER@:rw").build(),
                PoolSetPropReq.newBuilder().setUuid(POOL).setNumber(42).setNumval(1).build(),
                PoolSetPropReq.newBuilder().setUuid("bad").setNumber(5).setNumval(1).build())) {
            r = PoolSetPropResp.parseFrom(call(223, bad));
            assertEquals(bad.toString(), Der.INVAL, r.getStatus());
            assertEquals(0, r.getNumber());
        }
        assertEquals(Der.NONEXIST, PoolSetPropResp.parseFrom(call(223, PoolSetPropReq.newBuilder().setUuid(uuid(9))
                .setNumber(5).setNumval(1).build())).getStatus());
    }

    @Test
    public void aclOperations() throws Exception {
        bootstrap();
        create(POOL, 1);
        ACLResp a = ACLResp.parseFrom(call(213, GetACLReq.newBuilder().setUuid(POOL).build()));
        assertEquals(0, a.getStatus());
        assertEquals(List.of("A::OWNER@:rw", "A:G:GROUP@:rw"), a.getACLList());
        assertEquals("bob@", a.getOwnerUser());
        assertEquals("staff@", a.getOwnerGroup());

        a = ACLResp.parseFrom(call(215, ModifyACLReq.newBuilder().setUuid(POOL)
                .addACL("A::EVERYONE@:r").addACL("A::OWNER@:wr").build()));
        assertEquals(List.of("A::OWNER@:rw", "A::EVERYONE@:r"), a.getACLList());
        a = ACLResp.parseFrom(call(216, ModifyACLReq.newBuilder().setUuid(POOL)
                .addACL("A::alice@:r").addACL("A::EVERYONE@:").build()));
        assertEquals(List.of("A::OWNER@:rw", "A::alice@:r", "A::EVERYONE@:"), a.getACLList());
        a = ACLResp.parseFrom(call(217, DeleteACLReq.newBuilder().setUuid(POOL).setPrincipal("u:alice@").build()));
        assertEquals(List.of("A::OWNER@:rw", "A::EVERYONE@:"), a.getACLList());
        assertEquals("bob@", a.getOwnerUser());

        assertEquals(Der.NONEXIST, ACLResp.parseFrom(call(217, DeleteACLReq.newBuilder().setUuid(POOL)
                .setPrincipal("u:alice@").build())).getStatus());
        assertEquals(Der.INVAL, ACLResp.parseFrom(call(217, DeleteACLReq.newBuilder().setUuid(POOL)
                .setPrincipal("alice").build())).getStatus());
        assertEquals(Der.INVAL, ACLResp.parseFrom(call(215, ModifyACLReq.newBuilder().setUuid(POOL).build()))
                .getStatus());
        assertEquals(Der.INVAL, ACLResp.parseFrom(call(216, ModifyACLReq.newBuilder().setUuid(POOL)
                .addACL("A::a@:r").addACL("A::a@:w").build())).getStatus());
        assertEquals(Der.INVAL, ACLResp.parseFrom(call(213, GetACLReq.newBuilder().setUuid("x").build()))
                .getStatus());
        assertEquals(Der.NONEXIST, ACLResp.parseFrom(call(213, GetACLReq.newBuilder().setUuid(uuid(5)).build()))
                .getStatus());
        // failed edits changed nothing
        assertEquals(List.of("A::OWNER@:rw", "A::EVERYONE@:"),
                ACLResp.parseFrom(call(213, GetACLReq.newBuilder().setUuid(POOL).build())).getACLList());
        // pool created with an explicit ACL, canonicalised
        PoolCreateResp c = PoolCreateResp.parseFrom(call(207, PoolCreateReq.newBuilder().setUuid(uuid(7))
                .setScmbytes(1L << 30).setNumsvcreps(1).addAcl("A::EVERYONE@:r").addAcl("A:G:GROUP@:wr").build()));
        assertEquals(0, c.getStatus());
        a = ACLResp.parseFrom(call(213, GetACLReq.newBuilder().setUuid(uuid(7)).build()));
        assertEquals(List.of("A:G:GROUP@:rw", "A::EVERYONE@:r"), a.getACLList());
        assertEquals("NOBODY@", a.getOwnerUser());
    }

    @Test
    public void devicesHealthAndState() throws Exception {
        SmdDevResp d = SmdDevResp.parseFrom(call(211, null));
        assertEquals(0, d.getStatus());
        assertEquals(2, d.getDevicesCount());
        assertEquals(List.of(0, 2), d.getDevices(0).getTgtIdsList());
        assertEquals(List.of(1, 3), d.getDevices(1).getTgtIdsList());
        String dev = d.getDevices(1).getUuid();
        assertTrue(Uuids.valid(dev));
        assertEquals(dev.toLowerCase(), dev);

        BioHealthResp h = BioHealthResp.parseFrom(call(210, BioHealthReq.newBuilder().setDevUuid(dev.toUpperCase())
                .build()));
        assertEquals(0, h.getStatus());
        assertEquals(dev, h.getDevUuid());
        assertEquals(300, h.getTemperature());
        assertEquals(dev, BioHealthResp.parseFrom(call(210, BioHealthReq.newBuilder().setTgtId("3").build()))
                .getDevUuid());
        assertEquals(d.getDevices(0).getUuid(), BioHealthResp.parseFrom(call(210, BioHealthReq.newBuilder()
                .setTgtId("zero").build())).getDevUuid()); // atoi -> 0
        assertEquals(Der.NONEXIST, BioHealthResp.parseFrom(call(210, BioHealthReq.newBuilder().setTgtId("9")
                .build())).getStatus());
        assertEquals(Der.INVAL, BioHealthResp.parseFrom(call(210, null)).getStatus());
        assertEquals(Der.INVAL, BioHealthResp.parseFrom(call(210, BioHealthReq.newBuilder().setDevUuid("x")
                .build())).getStatus());
        assertEquals(Der.NONEXIST, BioHealthResp.parseFrom(call(210, BioHealthReq.newBuilder()
                .setDevUuid(uuid(1)).build())).getStatus());

        DevStateResp s = DevStateResp.parseFrom(call(219, DevStateReq.newBuilder().setDevUuid(dev).build()));
        assertEquals("NORMAL\n", s.getDevState());
        assertEquals(dev, s.getDevUuid());
        s = DevStateResp.parseFrom(call(220, DevStateReq.newBuilder().setDevUuid(dev).build()));
        assertEquals(0, s.getStatus());
        assertEquals("FAULTY\n", s.getDevState());
        assertEquals("FAULTY\n", DevStateResp.parseFrom(call(219, DevStateReq.newBuilder().setDevUuid(dev).build()))
                .getDevState());
        assertEquals(Der.INVAL, DevStateResp.parseFrom(call(219, null)).getStatus());
        assertEquals(Der.INVAL, DevStateResp.parseFrom(call(220, DevStateReq.newBuilder().setDevUuid("x").build()))
                .getStatus());
        assertEquals(Der.NONEXIST, DevStateResp.parseFrom(call(219, DevStateReq.newBuilder().setDevUuid(uuid(3))
                .build())).getStatus());

        // a faulty device disables its targets of pools on this rank
        bootstrap();
        create(POOL, 1);
        PoolQueryResp q = PoolQueryResp.parseFrom(call(222, PoolQueryReq.newBuilder().setUuid(POOL).build()));
        assertEquals(4, q.getTotaltargets());
        assertEquals(2, q.getDisabledtargets());
        assertEquals(2, q.getActivetargets());

        SmdPoolResp sp = SmdPoolResp.parseFrom(call(212, null));
        assertEquals(1, sp.getPoolsCount());
        assertEquals(POOL, sp.getPools(0).getUuid());
        assertEquals(List.of(0, 1, 2, 3), sp.getPools(0).getTgtIdsList());
        assertEquals(4, sp.getPools(0).getBlobsCount());

        // the faulty flag survives a restart
        svc = newService();
        assertEquals("FAULTY\n", DevStateResp.parseFrom(call(219, DevStateReq.newBuilder().setDevUuid(dev).build()))
                .getDevState());
    }

    @Test
    public void stateSurvivesReload() throws Exception {
        bootstrap();
        join(uuid(1), NIL);
        create(POOL, 1);
        call(216, ModifyACLReq.newBuilder().setUuid(POOL).addACL("A::alice@:r").build());
        call(223, PoolSetPropReq.newBuilder().setUuid(POOL).setNumber(5).setNumval(0).build());
        byte[] before = call(213, GetACLReq.newBuilder().setUuid(POOL).build());
        svc = newService();
        assertEquals(0, svc.state().rank);
        assertEquals(Der.NOTLEADER, PoolQueryResp.parseFrom(call(222, PoolQueryReq.newBuilder().setUuid(POOL)
                .build())).getStatus());
        assertEquals(0, daos(204, null));
        assertArrayEquals(before, call(213, GetACLReq.newBuilder().setUuid(POOL).build()));
        assertEquals(0, svc.state().pools.get(POOL).reclaim);
        assertEquals(List.of(1), ListPoolsResp.parseFrom(call(214, null)).getPools(0).getSvcrepsList());
        assertEquals(1, join(uuid(1), NIL).getRank());
        assertEquals(2, join(uuid(2), NIL).getRank());
    }

    @Test
    public void noDevicesMeansEmptyTables() throws Exception {
        node = new Node("ofi+sockets://127.0.0.1:1", 3, 1, List.of(), scm);
        svc = newService();
        assertEquals(0, SmdDevResp.parseFrom(call(211, null)).getDevicesCount());
        assertEquals(0, SmdPoolResp.parseFrom(call(212, null)).getPoolsCount());
        assertEquals(Der.NONEXIST, BioHealthResp.parseFrom(call(210, BioHealthReq.newBuilder().setTgtId("0")
                .build())).getStatus());
    }
}
