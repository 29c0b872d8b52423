package io.daos.control.management.internal;

import static io.daos.control.management.internal.PoolFixture.assertError;
import static io.daos.control.management.internal.PoolFixture.assertFault;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.Test;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.fault.Faults;
import io.daos.control.proto.mgmt.GetAttachInfoReq;
import io.daos.control.proto.mgmt.GetAttachInfoResp;

/** {@link MsForward}: the §4.2 pattern and its error texts. */
public class MsForwardTest {

    private final FakeDataPlane dp = new FakeDataPlane();
    private final MsForward ms = new MsForward(() -> dp);
    private final GetAttachInfoReq req = GetAttachInfoReq.newBuilder().setSys("x").build();

    private GetAttachInfoResp call() {
        return ms.call(DrpcIds.MGMT_GET_ATTACH_INFO, req, GetAttachInfoResp.parser(), "GetAttachInfo");
    }

    @Test
    public void selectAnswersTheTargetCountAndMakesNoCall() {
        dp.targets = 5;
        assertEquals(5, ms.select());
        assertTrue(dp.calls.isEmpty());
    }

    @Test
    public void callSendsTheRequestAndDecodesTheReply() throws Exception {
        assertEquals(1, call().getPsrsCount());
        assertEquals(List.of(DrpcIds.MGMT_GET_ATTACH_INFO), dp.calls);
        assertEquals(req, dp.lastSent(DrpcIds.MGMT_GET_ATTACH_INFO, GetAttachInfoReq.parser()));
    }

    @Test
    public void errorsAreTheReferenceTexts() {
        assertFault(647, () -> new MsForward(() -> null).select());
        assertFault(647, () -> new MsForward(() -> null).call(1, req, GetAttachInfoResp.parser(), "X"));
        dp.failures.put(DrpcIds.MGMT_GET_ATTACH_INFO, new IOException("send message: EPIPE"));
        assertError("send message: EPIPE", this::call);
        dp.failures.put(DrpcIds.MGMT_GET_ATTACH_INFO, new DrpcException(DrpcStatus.UNKNOWN_METHOD,
                "validate response: bad dRPC response status: UNKNOWN_METHOD"));
        assertError("validate response: bad dRPC response status: UNKNOWN_METHOD", this::call);
        dp.canned.put(DrpcIds.MGMT_GET_ATTACH_INFO, new byte[] {8});
        assertError("unmarshal GetAttachInfo response: ", this::call);
        dp.selection = new FaultException(Faults.SERVER_HARNESS_NOT_STARTED);
        assertFault(647, ms::select);
    }
}
