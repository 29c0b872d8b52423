package io.daos.control.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.fail;

import com.google.protobuf.InvalidProtocolBufferException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.proto.mgmt.DaosResp;
import io.daos.control.proto.mgmt.SetRankReq;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class MgmtMethodsTest {

    @Test
    public void lookUpByMethodIdInAscendingOrder() throws Exception {
        MgmtMethods t = new MgmtMethods();
        MgmtHandler ping = body -> DaosResp.getDefaultInstance();
        t.add(DrpcIds.MGMT_PING_RANK, ping);
        t.add(DrpcIds.MGMT_SET_RANK, SetRankReq.parser(), r -> DaosResp.newBuilder().setStatus(r.getRank()).build());
        assertSame(ping, t.handler(DrpcIds.MGMT_PING_RANK));
        assertNull(t.handler(DrpcIds.MGMT_JOIN));
        List<Integer> ids = new ArrayList<>();
        t.methods().forEach(ids::add);
        assertEquals(List.of(DrpcIds.MGMT_SET_RANK, DrpcIds.MGMT_PING_RANK), ids);
        // a parsed binding decodes the body and hands the request on
        DaosResp r = (DaosResp) t.handler(DrpcIds.MGMT_SET_RANK)
                .handle(SetRankReq.newBuilder().setRank(7).build().toByteArray());
        assertEquals(7, r.getStatus());
        try {
            t.handler(DrpcIds.MGMT_SET_RANK).handle(new byte[] {0x0a, 0x05, 0x01});
            fail("decoded a truncated body");
        } catch (InvalidProtocolBufferException expected) {
            // ok
        }
    }

    @Test
    public void aMethodCanBeTakenOnlyOnce() {
        MgmtMethods t = new MgmtMethods();
        t.add(DrpcIds.MGMT_JOIN, body -> DaosResp.getDefaultInstance());
        try {
            t.add(DrpcIds.MGMT_JOIN, SetRankReq.parser(), r -> DaosResp.getDefaultInstance());
            fail("took method " + DrpcIds.MGMT_JOIN + " twice");
        } catch (IllegalStateException expected) {
            // ok
        }
    }
}
