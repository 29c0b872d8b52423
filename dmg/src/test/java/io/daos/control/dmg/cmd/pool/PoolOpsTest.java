package io.daos.control.dmg.cmd.pool;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;


import org.junit.Test;

import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.daos.control.proto.mgmt.PoolDestroyResp;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.daos.control.proto.mgmt.PoolQueryResp;
import io.daos.control.proto.mgmt.PoolRebuildStatus;
import io.daos.control.proto.mgmt.PoolSetPropReq;
import io.daos.control.proto.mgmt.PoolSetPropResp;
import io.daos.control.proto.mgmt.StorageUsageStats;
import io.grpc.Status;

/** {@code pool destroy}, {@code list}, {@code query} and {@code set-prop} against a loopback service. */
public class PoolOpsTest extends LoopbackTest {

    private static final String UUID = "47293abe-aa6f-4147-97f6-42a9f796d64a";


    @Test
    public void destroySendsUuidAndForce() {
        mgmt.reply = PoolDestroyResp.getDefaultInstance();
        assertEquals(0, mgmt.run(cwd, "pool", "destroy", "--pool", UUID, "--force"));
        PoolDestroyReq r = (PoolDestroyReq) mgmt.request;
        assertEquals(UUID, r.getUuid());
        assertTrue(r.getForce());
        assertEquals(mgmt.connected() + "Pool-destroy command succeeded\n", mgmt.out());
        assertEquals(0, mgmt.run(cwd, "pool", "d", "--pool", "not-a-uuid"));
        assertEquals("passed through unchecked", "not-a-uuid", ((PoolDestroyReq) mgmt.request).getUuid());
        assertFalse(((PoolDestroyReq) mgmt.request).getForce());
    }

    @Test
    public void destroyAndQueryDocuments() {
        mgmt.reply = PoolDestroyResp.getDefaultInstance();
        assertEquals(0, mgmt.run(cwd, "-j", "pool", "destroy", "--pool", UUID));
        assertTrue(mgmt.out(), mgmt.out().endsWith("{\"uuid\":\"" + UUID + "\",\"destroyed\":true}\n"));
        mgmt.reply = PoolQueryResp.newBuilder().setUuid(UUID).setTotaltargets(-1).build();
        assertEquals(0, mgmt.run(cwd, "-j", "pool", "query", "--pool", UUID));
        assertTrue("absent parts are null, uint32 unsigned: " + mgmt.out(), mgmt.out().endsWith("{\"uuid\":\"" + UUID
                + "\",\"total_targets\":4294967295,\"active_targets\":0,\"disabled_targets\":0,\"scm\":null,"
                + "\"nvme\":null,\"rebuild\":null}\n"));
    }

    @Test
    public void destroyFailureLineThenTheError() {
        mgmt.reply = PoolDestroyResp.newBuilder().setStatus(-1005).build();
        assertEquals(1, mgmt.run(cwd, "pool", "destroy", "--pool", UUID));
        assertEquals(mgmt.connected() + "Pool-destroy command failed: DAOS returned error code: -1005\n\n", mgmt.out());
        assertEquals("ERROR: dmg: DAOS returned error code: -1005\n", mgmt.err());
    }

    @Test
    public void destroyWithoutPoolIsTheParsersError() {
        assertEquals(1, mgmt.run(cwd, "pool", "destroy"));
        assertEquals("ERROR: dmg: the required flag `--pool' was not specified\n", mgmt.err());
        assertEquals(0, mgmt.calls);
    }

    @Test
    public void listTableWithNoneForAPoolWithoutReplicas() {
        mgmt.reply = ListPoolsResp.newBuilder()
                .addPools(ListPoolsResp.Pool.newBuilder().setUuid("2a8ec3b2-729b-4617-bf51-77f37f764194")
                        .addSvcreps(1).addSvcreps(2))
                .addPools(ListPoolsResp.Pool.newBuilder().setUuid("a106d667-5c5d-4d6f-ac3a-89099196c41a")).build();
        assertEquals(0, mgmt.run(cwd, "pool", "list"));
        assertEquals("daos_server", ((ListPoolsReq) mgmt.request).getSys());
        assertEquals(mgmt.connected()
                + "Pool UUID                            Svc Replicas \n"
                + "---------                            ------------ \n"
                + "2a8ec3b2-729b-4617-bf51-77f37f764194 1,2          \n"
                + "a106d667-5c5d-4d6f-ac3a-89099196c41a None         \n", mgmt.out());
        assertEquals(0, mgmt.run(cwd, "-j", "pool", "list"));
        assertTrue(mgmt.out(), mgmt.out().endsWith("{\"pools\":[{\"uuid\":\"2a8ec3b2-729b-4617-bf51-77f37f764194\","
                + "\"svc_replicas\":[1,2]},{\"uuid\":\"a106d667-5c5d-4d6f-ac3a-89099196c41a\",\"svc_replicas\":[]}]}\n"));
    }

    @Test
    public void listEmptyAndErrors() {
        mgmt.reply = ListPoolsResp.getDefaultInstance();
        assertEquals(0, mgmt.run(cwd, "pool", "l"));
        assertEquals(mgmt.connected() + "No pools in system\n", mgmt.out());
        mgmt.reply = ListPoolsResp.newBuilder().setStatus(-42).build();
        assertEquals(1, mgmt.run(cwd, "pool", "list"));
        assertEquals("ERROR: dmg: List-Pools command failed: DAOS returned error code: -42\n", mgmt.err());
        mgmt.error = Status.UNAVAILABLE.withDescription("no leader").asRuntimeException();
        assertEquals(1, mgmt.run(cwd, "pool", "list"));
        assertEquals("ERROR: dmg: List-Pools command failed: rpc error: code = Unavailable desc = no leader\n",
                mgmt.err());
    }

    private static StorageUsageStats usage(long total, long free, long min, long max, long mean) {
        return StorageUsageStats.newBuilder().setTotal(total).setFree(free).setMin(min).setMax(max).setMean(mean)
                .build();
    }

    @Test
    public void queryHumanisesSizesLikeTheReference() {
        mgmt.reply = PoolQueryResp.newBuilder().setUuid(UUID).setTotaltargets(64).setActivetargets(56)
                .setDisabledtargets(8).setScm(usage(28000000000L, 28000000000L, 470000000L, 512000000L, 509000000L))
                .setNvme(usage(0, 0, 0, 0, 0))
                .setRebuild(PoolRebuildStatus.newBuilder().setState(PoolRebuildStatus.State.BUSY).setObjects(75)
                        .setRecords(9722)).build();
        assertEquals(0, mgmt.run(cwd, "pool", "query", "--pool", UUID));
        assertEquals(UUID, ((PoolQueryReq) mgmt.request).getUuid());
        assertEquals(mgmt.connected()
                + "Pool " + UUID + ", ntarget=64, disabled=8\n"
                + "Pool space info:\n"
                + "- Target(VOS) count:56\n"
                + "- SCM:\n"
                + "  Total size: 28 GB\n"
                + "  Free: 28 GB, min:470 MB, max:512 MB, mean:509 MB\n"
                + "- NVMe:\n"
                + "  Total size: 0 B\n"
                + "  Free: 0 B, min:0 B, max:0 B, mean:0 B\n"
                + "Rebuild busy, 75 objs, 9722 recs\n", mgmt.out());
        assertEquals(0, mgmt.run(cwd, "-j", "pool", "query", "--pool", UUID));
        assertTrue(mgmt.out(), mgmt.out().endsWith("{\"uuid\":\"" + UUID + "\",\"total_targets\":64,"
                + "\"active_targets\":56,\"disabled_targets\":8,\"scm\":{\"total\":28000000000,\"free\":28000000000,"
                + "\"min\":470000000,\"max\":512000000,\"mean\":509000000},\"nvme\":{\"total\":0,\"free\":0,\"min\":0,"
                + "\"max\":0,\"mean\":0},\"rebuild\":{\"status\":0,\"state\":\"busy\",\"objects\":75,"
                + "\"records\":9722}}\n"));
    }

    @Test
    public void queryWithoutSpaceAndWithAFailedRebuild() {
        mgmt.reply = PoolQueryResp.newBuilder().setUuid(UUID).setTotaltargets(4).setActivetargets(4)
                .setRebuild(PoolRebuildStatus.newBuilder().setStatus(-1011)).build();
        assertEquals(0, mgmt.run(cwd, "pool", "q", "--pool", UUID));
        assertEquals(mgmt.connected() + "Pool " + UUID + ", ntarget=4, disabled=0\nPool space info:\n"
                + "- Target(VOS) count:4\nRebuild failed, rc=0, status=-1011\n", mgmt.out());
    }

    @Test
    public void queryErrors() {
        mgmt.reply = PoolQueryResp.newBuilder().setStatus(-1005).build();
        assertEquals(1, mgmt.run(cwd, "pool", "query", "--pool", UUID));
        assertEquals(mgmt.connected(), mgmt.out());
        assertEquals("ERROR: dmg: pool query failed: DAOS returned error code: -1005\n", mgmt.err());
    }

    @Test
    public void setPropSendsAStringValueAndEchoesTheReply() {
        mgmt.reply = PoolSetPropResp.newBuilder().setName("reclaim").setStrval("lazy").build();
        assertEquals(0, mgmt.run(cwd, "pool", "set-prop", "--pool", UUID, "--name", "reclaim", "--value", "lazy"));
        PoolSetPropReq r = (PoolSetPropReq) mgmt.request;
        assertEquals(UUID, r.getUuid());
        assertEquals("reclaim", r.getName());
        assertEquals(PoolSetPropReq.ValueCase.STRVAL, r.getValueCase());
        assertEquals("lazy", r.getStrval());
        assertEquals(mgmt.connected() + "pool set-prop succeeded (reclaim=\"lazy\")\n", mgmt.out());
    }

    @Test
    public void setPropSendsAnUnsignedIntegerAsANumber() {
        mgmt.error = Status.UNKNOWN.withDescription("unhandled reclaim type \"\"").asRuntimeException();
        assertEquals(1, mgmt.run(cwd, "pool", "set-prop", "--pool", UUID, "--name", "reclaim", "--value", "1"));
        PoolSetPropReq r = (PoolSetPropReq) mgmt.request;
        assertEquals(PoolSetPropReq.ValueCase.NUMVAL, r.getValueCase());
        assertEquals(1, r.getNumval());
        assertEquals("ERROR: dmg: pool set-prop failed: PoolSetProp failed: rpc error: code = Unknown desc = "
                + "unhandled reclaim type \"\"\n", mgmt.err());
    }

    @Test
    public void setPropClientErrors() {
        assertEquals(1, mgmt.run(cwd, "pool", "set-prop", "--pool", UUID, "--name", "", "--value", "x"));
        assertEquals("ERROR: dmg: pool set-prop failed: invalid property name \"\"\n", mgmt.err());
        assertEquals(0, mgmt.calls);
        mgmt.reply = PoolSetPropResp.newBuilder().setName("reclaim").build();
        assertEquals(1, mgmt.run(cwd, "pool", "sp", "--pool", UUID, "-n", "reclaim", "-v", "time"));
        assertEquals("ERROR: dmg: pool set-prop failed: unable to represent response value <nil>\n", mgmt.err());
        mgmt.reply = PoolSetPropResp.newBuilder().setStatus(-1005).build();
        assertEquals(1, mgmt.run(cwd, "pool", "sp", "--pool", UUID, "-n", "reclaim", "-v", "time"));
        assertEquals("ERROR: dmg: pool set-prop failed: DAOS returned error code: -1005\n", mgmt.err());
        assertEquals(1, mgmt.run(cwd, "pool", "set-prop", "--pool", UUID, "--name", "reclaim"));
        assertEquals("ERROR: dmg: the required flag `-v, --value' was not specified\n", mgmt.err());
    }

    @Test
    public void setPropNumericReplyIsPrintedAsGoPrintsANumberWithPercentQ() {
        mgmt.reply = PoolSetPropResp.newBuilder().setName("answer").setNumval(42).build();
        assertEquals(0, mgmt.run(cwd, "pool", "set-prop", "--pool", UUID, "--name", "answer", "--value", "42"));
        assertEquals(mgmt.connected() + "pool set-prop succeeded (answer='*')\n", mgmt.out());
        assertEquals(0, mgmt.run(cwd, "-j", "pool", "set-prop", "--pool", UUID, "--name", "answer", "--value", "42"));
        assertTrue(mgmt.out().endsWith("{\"uuid\":\"" + UUID + "\",\"name\":\"answer\",\"value\":42}\n"));
    }

    @Test
    public void goQuoteOfNumbersAndTheUnsignedTest() {
        assertEquals("'*'", PoolSetProp.quoteRune(42));
        assertEquals("'\\x00'", PoolSetProp.quoteRune(0));
        assertEquals("'\\n'", PoolSetProp.quoteRune(10));
        assertEquals("'\\u0080'", PoolSetProp.quoteRune(0x80));
        assertEquals("'é'", PoolSetProp.quoteRune(0xe9));
        assertEquals("'\uFFFD'", PoolSetProp.quoteRune(0x110000));
        assertEquals(Long.valueOf(-1), PoolSetProp.unsigned("18446744073709551615"));
        assertEquals(null, PoolSetProp.unsigned("18446744073709551616"));
        assertEquals(null, PoolSetProp.unsigned("+1"));
        assertEquals(null, PoolSetProp.unsigned(""));
        assertEquals(null, PoolSetProp.unsigned("1.5"));
    }
}
