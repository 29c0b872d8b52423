package io.daos.control.engine;

import static io.daos.control.engine.MgmtFixture.POOL;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.proto.mgmt.DaosResp;
import io.daos.control.proto.mgmt.ModifyACLReq;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/** {@link MgmtModule}: the service's outcomes as the drpc bundle's module contract wants them. */
public class MgmtModuleTest {
    private static final byte[] JUNK = {0x0a, 0x05, 0x01}; // field 1, length 5, only 1 byte

    @Rule
    public final MgmtFixture f = new MgmtFixture();

    private MgmtService svc;
    private MgmtModule module;

    @Before
    public void setUp() throws Exception {
        f.bootstrap();
        f.create(POOL, 1);
        StateStore store = new StateStore(f.scm);
        svc = new MgmtService(store, store.load(), f.node, MgmtFixture.quietLog());
        module = new MgmtModule(svc, MgmtFixture.quietLog());
    }

    private void expect(int method, byte[] body, DrpcStatus want) {
        try {
            module.handle(method, body);
            fail("method " + method + " succeeded");
        } catch (DrpcException e) {
            assertEquals(want, e.status());
        }
    }

    @Test
    public void servesModuleTwo() throws Exception {
        assertEquals(DrpcIds.MODULE_MGMT, module.moduleId());
        assertEquals(Der.SUCCESS, DaosResp.parseFrom(module.handle(DrpcIds.MGMT_START_MS, null)).getStatus());
        assertEquals(Der.SUCCESS, DaosResp.parseFrom(module.handle(DrpcIds.MGMT_PING_RANK, new byte[0]))
                .getStatus());
    }

    @Test
    public void dRpcLevelOutcomesKeepTheirStatus() {
        expect(DrpcIds.MGMT_KILL_RANK, null, DrpcStatus.UNKNOWN_METHOD);
        expect(DrpcIds.MGMT_POOL_CREATE, JUNK, DrpcStatus.FAILED_UNMARSHAL_PAYLOAD);
        expect(DrpcIds.MGMT_DEV_STATE_QUERY, JUNK, DrpcStatus.FAILURE);
    }

    @Test
    public void anInternalErrorIsAFailure() throws Exception {
        module.handle(DrpcIds.MGMT_START_MS, null);
        svc.state().pools.get(POOL).acl = List.of("not an ACE");
        expect(DrpcIds.MGMT_POOL_UPDATE_ACL, ModifyACLReq.newBuilder().setUuid(POOL).addACL("A::a@:r").build()
                .toByteArray(), DrpcStatus.FAILURE);
    }
}
