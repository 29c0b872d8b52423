package io.daos.control.dmg.cmd.storage;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

import io.daos.control.proto.ctl.PrepareScmResp;
import io.daos.control.proto.ctl.ResponseState;
import io.daos.control.proto.ctl.ResponseStatus;
import io.daos.control.proto.ctl.ScmNamespace;
import io.daos.control.proto.ctl.StoragePrepareResp;
import io.daos.control.proto.mgmt.SmdPoolResp;

/** The compact protobuf text of the Go library the reference was built with. */
public class ProtoTextTest {

    @Test
    public void emptyMessagesAndZeroScalarsAreLeftOut() {
        assertEquals("", ProtoText.compact(StoragePrepareResp.getDefaultInstance()));
        assertEquals("scm:<> ", ProtoText.compact(StoragePrepareResp.newBuilder()
                .setScm(PrepareScmResp.getDefaultInstance()).build()));
    }

    @Test
    public void repeatedNestedEnumsUnsignedAndEscapes() {
        StoragePrepareResp r = StoragePrepareResp.newBuilder().setScm(PrepareScmResp.newBuilder()
                .addNamespaces(ScmNamespace.newBuilder().setBlockdev("pmem0").setNumaNode(-1).setSize(-1))
                .addNamespaces(ScmNamespace.newBuilder().setUuid("u\u00e9\n"))
                .setState(ResponseState.newBuilder().setStatus(ResponseStatus.CTL_ERR_SCM).setError("a\\b\u0001")))
                .build();
        assertEquals("scm:<namespaces:<blockdev:\"pmem0\" numa_node:4294967295 size:18446744073709551615 > "
                + "namespaces:<uuid:\"u\\303\\251\\n\" > state:<status:CTL_ERR_SCM error:\"a\\\\b\\001\" > > ",
                ProtoText.compact(r));
        assertEquals("status:-3 pools:<tgt_ids:1 tgt_ids:-2 blobs:5 > ", ProtoText.compact(SmdPoolResp.newBuilder()
                .setStatus(-3).addPools(SmdPoolResp.Pool.newBuilder().addTgtIds(1).addTgtIds(-2).addBlobs(5)).build()));
    }
}
