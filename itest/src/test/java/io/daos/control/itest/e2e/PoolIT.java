package io.daos.control.itest.e2e;

import static io.daos.control.itest.e2e.MgmtCalls.GIB;
import static io.daos.control.itest.e2e.MgmtCalls.MIB;
import static io.daos.control.itest.e2e.MgmtCalls.SYS;
import static io.daos.control.itest.e2e.MgmtCalls.assertAcl;
import static io.daos.control.itest.e2e.MgmtCalls.assertError;
import static io.daos.control.itest.e2e.MgmtCalls.assertFault;
import static io.daos.control.itest.e2e.MgmtCalls.create;
import static io.daos.control.itest.e2e.MgmtCalls.newUuid;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.api.fault.Fault;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.mgmt.BioHealthReq;
import io.daos.control.proto.mgmt.BioHealthResp;
import io.daos.control.proto.mgmt.DevStateReq;
import io.daos.control.proto.mgmt.DevStateResp;
import io.daos.control.proto.mgmt.GetAttachInfoReq;
import io.daos.control.proto.mgmt.GetAttachInfoResp;
import io.daos.control.proto.mgmt.LeaderQueryReq;
import io.daos.control.proto.mgmt.LeaderQueryResp;
import io.daos.control.proto.mgmt.ListContReq;
import io.daos.control.proto.mgmt.ListContResp;
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.daos.control.proto.mgmt.PoolQueryResp;
import io.daos.control.proto.mgmt.PoolRebuildStatus;
import io.daos.control.proto.mgmt.PoolSetPropResp;
import io.daos.control.proto.mgmt.SmdDevReq;
import io.daos.control.proto.mgmt.SmdDevResp;
import io.daos.control.proto.mgmt.SmdPoolReq;
import io.daos.control.proto.mgmt.SmdPoolResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc.MgmtSvcBlockingStub;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;

/**
 * The management service end to end on the assembled distribution (issue 11, proof 2): one
 * formatted node (two emulated engines, ranks 0 and 1, one target each, ram SCM and a 2 GB file
 * bdev each, so that the engines have an SMD device each and an NVMe pool fits), and over real
 * gRPC what an administrator does with the v1.0 {@code dmg}: pool create (default, {@code -r},
 * {@code -v 3}, an ACL, user and group names, with NVMe), list, query, set-prop, the four ACL
 * methods, list containers, SMD devices and pools, BIO health by device and by target, device
 * state, set-faulty, attach info, leader query, destroy; bad inputs at each step with the
 * reference's answer. Every call has a deadline; at the end the same daos_server still answers
 * health and SystemQuery with both ranks Started.
 */
public class PoolIT {

    private static final long START_MS = 60_000;
    private static final long EVENT_MS = 30_000;
    private static final String UNKNOWN_POOL = "8d5b5ffe-47b6-4c64-a6c4-6f0dd2e2b1a7";
    private static final String BAD_UUID = "not-a-uuid";
    private static final List<String> DEFAULT_ACL = List.of("A::OWNER@:rw", "A:G:GROUP@:rw");

    @ClassRule
    public static final DistRule DIST = new DistRule("e2e-pool")
            .assuming("needs root: the ram SCM is a tmpfs mount", NodeSupport::isRoot);

    @Rule
    public final WorkRule workRule = new WorkRule(DIST, "e2e-pool-work");

    private MgmtCalls mgmt;

    @Test
    public void administratorsPoolAndDeviceCommands() throws Exception {
        long t0 = System.nanoTime();
        NodeSupport node = workRule.node(true);
        // 2 GB file bdevs: 1 GiB of NVMe per target (dmg's minimum here) must fit in one
        Files.writeString(node.config(), Files.readString(node.config()).replace("bdev_size: 1\n", "bdev_size: 2\n"));
        ServerProcess server = RankRaceIT.startFormatted(workRule, node);
        long pid = server.process.pid();
        mgmt = new MgmtCalls(workRule.channel(node.port));
        long formatted = System.nanoTime();

        Map<String, List<Integer>> pools = createPools();
        listPools(pools);
        String plain = pools.keySet().iterator().next();
        query(plain);
        setProps(plain);
        acls(plain);
        containers(plain);
        devices(pools);
        attachAndLeader(node.port);
        destroy(pools);
        stillServing(server, pid, node.port);
        System.out.printf("[measure] PoolIT: start+format %.1f s, management steps %.1f s%n",
                (formatted - t0) / 1e9, (System.nanoTime() - formatted) / 1e9);
    }

    /** The creates of the issue, in the order listed; the bad ones before and between. */
    private Map<String, List<Integer>> createPools() {
        Map<String, List<Integer>> made = new LinkedHashMap<>();
        // default: every Joined rank [0, 1]; rank 0 is not selectable when there are others
        String plain = newUuid();
        mgmt.createOk(create(plain, 64 * MIB).build(), List.of(1));
        made.put(plain, List.of(1));
        // -r 0: the only target rank is selectable
        String onRank0 = newUuid();
        mgmt.createOk(create(onRank0, 16 * MIB).addRanks(0).build(), List.of(0));
        made.put(onRank0, List.of(0));
        // -v 3 with one selectable rank: as many replicas as there are
        String threeReps = newUuid();
        mgmt.createOk(create(threeReps, 16 * MIB).setNumsvcreps(3).build(), List.of(1));
        made.put(threeReps, List.of(1));
        // an ACL file's entries (not canonical, not in canonical order)
        String withAcl = newUuid();
        mgmt.createOk(create(withAcl, 16 * MIB).addAllAcl(List.of("A::EVERYONE@:r", "A::bob@:wr",
                "A:G:GROUP@:rw", "A::OWNER@:rw")).build(), List.of(1));
        made.put(withAcl, List.of(1));
        assertAcl(mgmt.getAcl(withAcl), List.of("A::OWNER@:rw", "A::bob@:rw", "A:G:GROUP@:rw", "A::EVERYONE@:r"),
                "root@", "root@");
        // user and group names
        String named = newUuid();
        mgmt.createOk(create(named, 16 * MIB).setUser("alice@").setUsergroup("admins@example.com").build(), List.of(1));
        made.put(named, List.of(1));
        assertAcl(mgmt.getAcl(named), DEFAULT_ACL, "alice@", "admins@example.com");
        // -r 1,1,0: sorted, duplicates dropped; -v 4294967295 (uint32): as many as there are
        String dupRanks = newUuid();
        mgmt.createOk(create(dupRanks, 16 * MIB).addRanks(1).addRanks(1).addRanks(0).setNumsvcreps(-1).build(),
                List.of(1));
        made.put(dupRanks, List.of(1));
        // NVMe: 1 GiB per target, the smallest dmg allows
        String nvme = newUuid();
        mgmt.createOk(create(nvme, 16 * MIB).setNvmebytes(GIB).build(), List.of(1));
        made.put(nvme, List.of(1));

        // bad inputs: the reference's answers (SPEC-SYSTEM §4.3, §4.4.1, §5.7)
        mgmt.createFails(create(BAD_UUID, 16 * MIB).build(), -1003);
        mgmt.createFails(create("{" + newUuid() + "}", 16 * MIB).build(), -1003);
        Fault scm = assertFault(644, () -> mgmt.stub().poolCreate(create(newUuid(), 16 * MIB - 1).build()));
        assertTrue(scm.description(), scm.description().matches("requested SCM capacity \\(.+\\) is too small \\(min 16 MiB\\)"));
        Fault nvmeSmall = assertFault(645, () -> mgmt.stub().poolCreate(create(newUuid(), 16 * MIB)
                .setNvmebytes(GIB - 1).build()));
        assertTrue(nvmeSmall.description(),
                nvmeSmall.description().matches("requested NVMe capacity \\(.+\\) is too small \\(min 1\\.0 GiB\\)"));
        mgmt.createFails(create(newUuid(), 16 * MIB).setNumsvcreps(0).build(), -1003);
        mgmt.createFails(create(newUuid(), 16 * MIB).addRanks(5).build(), -1019);
        mgmt.createFails(create(newUuid(), 16 * MIB).addRanks(1).addRanks(7).build(), -1019);
        mgmt.createFails(create(newUuid(), 16 * MIB).addAcl("A::GROUP@:rw").build(), -1003);
        mgmt.createFails(create(newUuid(), 16 * MIB).addAllAcl(List.of("A::bob@:r", "A::bob@:w")).build(), -1003);
        mgmt.createFails(create(newUuid(), 16 * MIB).setUser("").setUsergroup("").build(), -1003);
        // our documented choice for a pool that exists (the reference's data plane crashes): -1008
        mgmt.createFails(create(plain, 64 * MIB).build(), -1008);
        mgmt.createFails(create(plain.toUpperCase(), 64 * MIB).build(), -1008);
        // more SCM than the 1 GB tmpfs of rank 0 holds, more NVMe than its 2 GB bdev: sizes are uint64
        mgmt.createFails(create(newUuid(), 4 * GIB).build(), -1007);
        mgmt.createFails(create(newUuid(), -1L).build(), -1007);
        mgmt.createFails(create(newUuid(), 16 * MIB).setNvmebytes(-1L).build(), -1007);
        mgmt.createFails(create(newUuid(), 16 * MIB).setNvmebytes(3 * GIB).build(), -1007);
        // rank 4294967295 (uint32, NilRank) is no member
        mgmt.createFails(create(newUuid(), 16 * MIB).addRanks(-1).build(), -1019);
        return made;
    }

    private void listPools(Map<String, List<Integer>> made) {
        ListPoolsResp r = mgmt.stub().listPools(ListPoolsReq.newBuilder().setSys(SYS).build());
        assertEquals(r.toString(), 0, r.getStatus());
        Map<String, List<Integer>> listed = new LinkedHashMap<>();
        r.getPoolsList().forEach(p -> listed.put(p.getUuid(), p.getSvcrepsList()));
        assertEquals("no failed create may be listed", made, listed);
    }

    private void query(String uuid) {
        PoolQueryResp q = mgmt.stub().poolQuery(PoolQueryReq.newBuilder().setUuid(uuid).build());
        assertEquals(q.toString(), 0, q.getStatus());
        assertEquals(uuid, q.getUuid());
        assertEquals(q.toString(), 2, q.getTotaltargets());
        assertEquals(q.toString(), 2, q.getActivetargets());
        assertEquals(q.toString(), 0, q.getDisabledtargets());
        assertEquals(q.toString(), 2 * 64 * MIB, q.getScm().getTotal());
        assertTrue(q.toString(), q.getScm().getFree() > 0 && q.getScm().getFree() <= q.getScm().getTotal());
        assertEquals(q.toString(), 0, q.getNvme().getTotal());
        assertEquals(q.toString(), PoolRebuildStatus.State.IDLE, q.getRebuild().getState());
        // the request string is echoed unchanged
        PoolQueryResp upper = mgmt.stub().poolQuery(PoolQueryReq.newBuilder().setUuid(uuid.toUpperCase()).build());
        assertEquals(upper.toString(), 0, upper.getStatus());
        assertEquals(uuid.toUpperCase(), upper.getUuid());

        assertEquals(-1005, mgmt.stub().poolQuery(PoolQueryReq.newBuilder().setUuid(UNKNOWN_POOL).build()).getStatus());
        assertEquals(-1003, mgmt.stub().poolQuery(PoolQueryReq.newBuilder().setUuid(BAD_UUID).build()).getStatus());
        assertEquals(-1003, mgmt.stub().poolQuery(PoolQueryReq.newBuilder().setUuid("").build()).getStatus());
    }

    private void setProps(String uuid) {
        for (String v : List.of("disabled", "lazy", "time", " TIME ")) {
            PoolSetPropResp r = mgmt.setProp(uuid, "reclaim", v);
            assertEquals(r.toString(), 0, r.getStatus());
            assertEquals(r.toString(), "reclaim", r.getName());
            assertEquals(r.toString(), v, r.getStrval());
        }
        PoolSetPropResp mixed = mgmt.setProp(uuid, " Reclaim ", "lazy");
        assertEquals(mixed.toString(), " Reclaim ", mixed.getName());
        assertEquals(mixed.toString(), "lazy", mixed.getStrval());

        assertError("unhandled pool property \"space_rb\"", () -> mgmt.setProp(uuid, "space_rb", "10"));
        assertError("unhandled pool property \"self_heal\"", () -> mgmt.setProp(uuid, "self_heal", "exclude"));
        assertError("unhandled pool property \"label\"", () -> mgmt.setProp(uuid, "label", "my-pool"));
        assertError("unhandled pool property \"bogus\"", () -> mgmt.setProp(uuid, " bogus ", "x"));
        assertError("unhandled reclaim type \"snapshot\"", () -> mgmt.setProp(uuid, "reclaim", "snapshot"));
        assertError("unhandled reclaim type \"\"", () -> mgmt.setProp(uuid, "reclaim", ""));
        // a data-plane refusal carries number 0 (SPEC-SYSTEM §4.4.4)
        assertError("Response number doesn't match request (0 != 5)", () -> mgmt.setProp(UNKNOWN_POOL, "reclaim", "lazy"));
        assertError("Response number doesn't match request (0 != 5)", () -> mgmt.setProp(BAD_UUID, "reclaim", "lazy"));
    }

    private void acls(String uuid) {
        assertAcl(mgmt.getAcl(uuid), DEFAULT_ACL, "root@", "root@");
        List<String> mine = List.of("A::OWNER@:rwcdtTaAo", "A:G:GROUP@:r", "A::EVERYONE@:r");
        assertAcl(mgmt.overwriteAcl(uuid, List.of("A::EVERYONE@:r", "A:G:GROUP@:r", "A::OWNER@:oAaTtdcwr")), mine,
                "root@", "root@");
        assertAcl(mgmt.getAcl(uuid), mine, "root@", "root@");
        // update: an existing principal replaced in place, new ones in principal-type order
        List<String> updated = List.of("A::OWNER@:rwcdtTaAo", "A::carol@:rw", "A:G:GROUP@:rw", "A:G:staff@:r",
                "A::EVERYONE@:r");
        assertAcl(mgmt.updateAcl(uuid, List.of("A:G:staff@:r", "A:G:GROUP@:rw", "A::carol@:wr")), updated,
                "root@", "root@");
        assertAcl(mgmt.getAcl(uuid), updated, "root@", "root@");
        List<String> deleted = List.of("A::OWNER@:rwcdtTaAo", "A:G:GROUP@:rw", "A:G:staff@:r", "A::EVERYONE@:r");
        assertAcl(mgmt.deleteAcl(uuid, "u:carol@"), deleted, "root@", "root@");
        assertAcl(mgmt.getAcl(uuid), deleted, "root@", "root@");

        // bad inputs leave the ACL as it was
        assertEquals(-1003, mgmt.overwriteAcl(uuid, List.of("A::GROUP@:rw")).getStatus());
        assertEquals(-1003, mgmt.overwriteAcl(uuid, List.of()).getStatus());
        assertEquals(-1003, mgmt.updateAcl(uuid, List.of("X::bob@:r")).getStatus());
        assertEquals(-1003, mgmt.updateAcl(uuid, List.of("A::bob:r")).getStatus());
        assertEquals(-1003, mgmt.updateAcl(uuid, List.of("A::bob@:r", "A::bob@:w")).getStatus());
        assertEquals(-1003, mgmt.deleteAcl(uuid, "carol@").getStatus());
        assertEquals(-1005, mgmt.deleteAcl(uuid, "u:carol@").getStatus());
        assertAcl(mgmt.getAcl(uuid), deleted, "root@", "root@");
        for (String pool : List.of(UNKNOWN_POOL, BAD_UUID)) {
            int want = pool.equals(BAD_UUID) ? -1003 : -1005;
            assertEquals(want, mgmt.getAcl(pool).getStatus());
            assertEquals(want, mgmt.overwriteAcl(pool, DEFAULT_ACL).getStatus());
            assertEquals(want, mgmt.updateAcl(pool, DEFAULT_ACL).getStatus());
            assertEquals(want, mgmt.deleteAcl(pool, "OWNER@").getStatus());
        }
    }

    private void containers(String uuid) {
        ListContResp r = mgmt.stub().listContainers(ListContReq.newBuilder().setUuid(uuid).build());
        assertEquals(r.toString(), 0, r.getStatus());
        assertEquals(0, r.getContainersCount());
        assertEquals(-1005, mgmt.stub().listContainers(ListContReq.newBuilder().setUuid(UNKNOWN_POOL).build()).getStatus());
        assertEquals(-1003, mgmt.stub().listContainers(ListContReq.newBuilder().setUuid(BAD_UUID).build()).getStatus());
    }

    /** SMD devices and pools, BIO health, device state and set-faulty over the local instances. */
    private void devices(Map<String, List<Integer>> pools) {
        SmdDevResp devs = mgmt.stub().smdListDevs(SmdDevReq.getDefaultInstance());
        assertEquals(devs.toString(), 0, devs.getStatus());
        assertEquals("one file bdev per instance: " + devs, 2, devs.getDevicesCount());
        List<String> ids = new ArrayList<>();
        for (SmdDevResp.Device d : devs.getDevicesList()) {
            assertTrue(d.getUuid(), d.getUuid().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
            assertEquals(d.toString(), List.of(0), d.getTgtIdsList());
            ids.add(d.getUuid());
        }
        assertNotEquals(ids.get(0), ids.get(1));

        // the NVMe pool (the only one with an NVMe share) has a blob per target on the MS rank
        SmdPoolResp smdPools = mgmt.stub().smdListPools(SmdPoolReq.getDefaultInstance());
        assertEquals(smdPools.toString(), 0, smdPools.getStatus());
        String nvmePool = new ArrayList<>(pools.keySet()).get(pools.size() - 1);
        Set<String> listed = smdPools.getPoolsList().stream().map(SmdPoolResp.Pool::getUuid).collect(Collectors.toSet());
        assertEquals(smdPools.toString(), Set.of(nvmePool), listed);
        for (SmdPoolResp.Pool p : smdPools.getPoolsList()) {
            assertEquals(p.toString(), p.getTgtIdsCount(), p.getBlobsCount());
        }

        for (String id : ids) {
            BioHealthResp h = mgmt.stub().bioHealthQuery(BioHealthReq.newBuilder().setDevUuid(id).build());
            assertEquals(h.toString(), 0, h.getStatus());
            assertEquals(id, h.getDevUuid());
            assertTrue(h.toString(), h.getTemperature() > 0);
            assertEquals(false, h.getReadonly());
            // libuuid accepts either case; the reply is lower case
            BioHealthResp upper = mgmt.stub().bioHealthQuery(BioHealthReq.newBuilder().setDevUuid(id.toUpperCase()).build());
            assertEquals(upper.toString(), id, upper.getDevUuid());
        }
        // by target id: the first instance that has target 0 answers
        BioHealthResp byTarget = mgmt.stub().bioHealthQuery(BioHealthReq.newBuilder().setTgtId("0").build());
        assertEquals(byTarget.toString(), 0, byTarget.getStatus());
        assertEquals(ids.get(0), byTarget.getDevUuid());
        assertError("no rank matched request for \"" + UNKNOWN_POOL + "\"",
                () -> mgmt.stub().bioHealthQuery(BioHealthReq.newBuilder().setDevUuid(UNKNOWN_POOL).build()));
        assertError("no rank matched request for \"" + BAD_UUID + "\"",
                () -> mgmt.stub().bioHealthQuery(BioHealthReq.newBuilder().setDevUuid(BAD_UUID).build()));
        assertError("no rank matched request for \"7\"",
                () -> mgmt.stub().bioHealthQuery(BioHealthReq.newBuilder().setTgtId("7").build()));
        assertError("no rank matched request for \"\"",
                () -> mgmt.stub().bioHealthQuery(BioHealthReq.getDefaultInstance()));

        for (String id : ids) {
            DevStateResp s = devState(id);
            assertEquals(s.toString(), 0, s.getStatus());
            assertEquals(id, s.getDevUuid());
            assertEquals("NORMAL\n", s.getDevState());
        }
        DevStateResp faulty = mgmt.stub().storageSetFaulty(DevStateReq.newBuilder().setDevUuid(ids.get(1)).build());
        assertEquals(faulty.toString(), 0, faulty.getStatus());
        assertEquals(ids.get(1), faulty.getDevUuid());
        assertEquals("FAULTY\n", faulty.getDevState());
        assertEquals("FAULTY\n", devState(ids.get(1)).getDevState());
        assertEquals("the other device is untouched", "NORMAL\n", devState(ids.get(0)).getDevState());
        assertTrue(mgmt.stub().bioHealthQuery(BioHealthReq.newBuilder().setDevUuid(ids.get(1)).build()).getReadonly());
        // set-faulty again: still FAULTY, status 0
        assertEquals("FAULTY\n", mgmt.stub().storageSetFaulty(DevStateReq.newBuilder().setDevUuid(ids.get(1)).build())
                .getDevState());
        for (String bad : List.of(UNKNOWN_POOL, BAD_UUID, "")) {
            assertError("no rank matched request for \"" + bad + "\"", () -> devState(bad));
            assertError("no rank matched request for \"" + bad + "\"",
                    () -> mgmt.stub().storageSetFaulty(DevStateReq.newBuilder().setDevUuid(bad).build()));
        }
    }

    private DevStateResp devState(String id) {
        return mgmt.stub().devStateQuery(DevStateReq.newBuilder().setDevUuid(id).build());
    }

    private void attachAndLeader(int port) {
        GetAttachInfoResp a = mgmt.stub().getAttachInfo(GetAttachInfoReq.newBuilder().setSys(SYS).build());
        assertEquals(a.toString(), 0, a.getStatus());
        assertEquals(a.toString(), 1, a.getPsrsCount());
        assertEquals(a.toString(), 0, a.getPsrs(0).getRank());
        assertTrue(a.toString(), a.getPsrs(0).getUri().startsWith("ofi+sockets://"));

        LeaderQueryResp l = mgmt.stub().leaderQuery(LeaderQueryReq.newBuilder().setSystem(SYS).build());
        assertEquals(l.toString(), "localhost:" + port, l.getCurrentLeader());
        assertEquals(l.toString(), List.of("localhost:" + port), l.getReplicasList());
        assertError("received leader query for wrong system (local: \"daos_server\", req: \"quack\")",
                () -> mgmt.stub().leaderQuery(LeaderQueryReq.newBuilder().setSystem("quack").build()));
    }

    private void destroy(Map<String, List<Integer>> pools) {
        MgmtSvcBlockingStub s = mgmt.stub();
        assertEquals(-1005, s.poolDestroy(PoolDestroyReq.newBuilder().setUuid(UNKNOWN_POOL).setSys(SYS).build())
                .getStatus());
        assertEquals(-1003, mgmt.stub().poolDestroy(PoolDestroyReq.newBuilder().setUuid(BAD_UUID).setSys(SYS).build())
                .getStatus());
        assertError("nil UUID", () -> mgmt.stub().poolDestroy(PoolDestroyReq.newBuilder().setSys(SYS).build()));
        for (String uuid : pools.keySet()) {
            assertEquals(0, mgmt.stub().poolDestroy(PoolDestroyReq.newBuilder().setUuid(uuid).setSys(SYS).build())
                    .getStatus());
            // a second destroy: the pool is gone
            assertEquals(-1005, mgmt.stub().poolDestroy(PoolDestroyReq.newBuilder().setUuid(uuid).setSys(SYS).build())
                    .getStatus());
            assertEquals(-1005, mgmt.stub().poolQuery(PoolQueryReq.newBuilder().setUuid(uuid).build()).getStatus());
        }
        ListPoolsResp r = mgmt.stub().listPools(ListPoolsReq.newBuilder().setSys(SYS).build());
        assertEquals(r.toString(), 0, r.getStatus());
        assertEquals(r.toString(), 0, r.getPoolsCount());
        // the uuid of a destroyed pool can be used again
        String again = pools.keySet().iterator().next();
        mgmt.createOk(create(again, 16 * MIB).build(), List.of(1));
        assertEquals(0, mgmt.stub().poolDestroy(PoolDestroyReq.newBuilder().setUuid(again).setSys(SYS).build())
                .getStatus());
    }

    private void stillServing(ServerProcess server, long pid, int port) {
        assertTrue("daos_server exited", server.process.isAlive());
        assertEquals(pid, server.process.pid());
        assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(mgmtChannel()).withDeadlineAfter(30, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus());
        List<SystemMember> members = MgmtCtlGrpc.newBlockingStub(mgmtChannel()).withDeadlineAfter(30, TimeUnit.SECONDS)
                .systemQuery(SystemQueryReq.getDefaultInstance()).getMembersList();
        assertEquals(members.toString(), 2, members.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(members.toString(), i, members.get(i).getRank());
            assertEquals(members.toString(), 1, members.get(i).getState());
            assertEquals(members.toString(), "127.0.0.1:" + port, members.get(i).getAddr());
        }
    }

    private io.grpc.ManagedChannel mgmtChannel() {
        return mgmt.channel();
    }
}
