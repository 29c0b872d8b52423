package io.daos.control.engine;

import static io.daos.control.engine.MgmtFixture.POOL;
import static io.daos.control.engine.MgmtFixture.uuid;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.daos.control.api.drpc.Der;
import io.daos.control.proto.drpc.Status;
import io.daos.control.proto.mgmt.BioHealthReq;
import io.daos.control.proto.mgmt.BioHealthResp;
import io.daos.control.proto.mgmt.DevStateReq;
import io.daos.control.proto.mgmt.DevStateResp;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.daos.control.proto.mgmt.PoolQueryResp;
import io.daos.control.proto.mgmt.SmdDevReq;
import io.daos.control.proto.mgmt.SmdDevResp;
import io.daos.control.proto.mgmt.SmdPoolReq;
import io.daos.control.proto.mgmt.SmdPoolResp;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

public class DeviceHandlersTest {
    @Rule
    public final MgmtFixture f = new MgmtFixture();

    private SmdDevResp devs() {
        return f.devices.smdDevs(SmdDevReq.getDefaultInstance());
    }

    private SmdPoolResp smdPools() {
        return f.devices.smdPools(SmdPoolReq.getDefaultInstance());
    }

    private BioHealthResp byUuid(String dev) {
        return f.devices.bioHealth(BioHealthReq.newBuilder().setDevUuid(dev).build());
    }

    private BioHealthResp byTarget(String tgt) {
        return f.devices.bioHealth(BioHealthReq.newBuilder().setTgtId(tgt).build());
    }

    private DevStateResp state(String dev, boolean setFaulty) {
        return f.devices.devState(DevStateReq.newBuilder().setDevUuid(dev).build(), setFaulty);
    }

    @Test
    public void devicesAndTheirTargets() {
        SmdDevResp d = devs();
        assertEquals(0, d.getStatus());
        assertEquals(2, d.getDevicesCount());
        assertEquals(List.of(0, 2), d.getDevices(0).getTgtIdsList());
        assertEquals(List.of(1, 3), d.getDevices(1).getTgtIdsList());
        String dev = d.getDevices(1).getUuid();
        assertTrue(Uuids.valid(dev));
        assertEquals(dev.toLowerCase(), dev);
    }

    @Test
    public void bioHealthByDeviceOrTarget() {
        String dev0 = devs().getDevices(0).getUuid();
        String dev1 = devs().getDevices(1).getUuid();
        BioHealthResp h = byUuid(dev1.toUpperCase());
        assertEquals(0, h.getStatus());
        assertEquals(dev1, h.getDevUuid());
        assertEquals(300, h.getTemperature());
        assertFalse(h.getReadonly());
        assertFalse(h.getDeviceReliability());
        assertEquals(dev1, byTarget("3").getDevUuid());
        assertEquals(dev0, byTarget("zero").getDevUuid()); // atoi -> 0
        assertEquals(dev0, byTarget(" +2x").getDevUuid());
        assertEquals(Der.NONEXIST, byTarget("9").getStatus());
        assertEquals(Der.INVAL, f.devices.bioHealth(BioHealthReq.getDefaultInstance()).getStatus());
        assertEquals(Der.INVAL, byUuid("x").getStatus());
        assertEquals(Der.NONEXIST, byUuid(uuid(1)).getStatus());
        // a faulty device reports read-only and unreliable
        state(dev1, true);
        assertTrue(byUuid(dev1).getReadonly());
        assertTrue(byTarget("1").getDeviceReliability());
    }

    @Test
    public void atoiAsC() {
        assertEquals(0, DeviceHandlers.atoi(""));
        assertEquals(0, DeviceHandlers.atoi("abc"));
        assertEquals(12, DeviceHandlers.atoi("  12abc"));
        assertEquals(-7, DeviceHandlers.atoi("-7"));
        assertEquals(5, DeviceHandlers.atoi("+5"));
        assertEquals(0, DeviceHandlers.atoi("- 5"));
    }

    @Test
    public void setFaultyIsPersistedAndDisablesTargets() throws Exception {
        String dev = devs().getDevices(1).getUuid();
        DevStateResp s = state(dev, false);
        assertEquals("NORMAL\n", s.getDevState());
        assertEquals(dev, s.getDevUuid());
        s = state(dev.toUpperCase(), true);
        assertEquals(0, s.getStatus());
        assertEquals("FAULTY\n", s.getDevState());
        assertEquals("FAULTY\n", state(dev, false).getDevState());
        assertEquals("FAULTY\n", state(dev, true).getDevState()); // again: no change
        assertEquals(Der.INVAL, f.devices.devState(DevStateReq.getDefaultInstance(), false).getStatus());
        assertEquals(Der.INVAL, state("x", true).getStatus());
        assertEquals(Der.NONEXIST, state(uuid(3), false).getStatus());
        assertEquals(Der.NONEXIST, state(uuid(3), true).getStatus());

        // a faulty device disables its targets of pools on this rank
        f.bootstrap();
        f.create(POOL, 1);
        PoolQueryResp q = f.pools.query(PoolQueryReq.newBuilder().setUuid(POOL).build());
        assertEquals(4, q.getTotaltargets());
        assertEquals(2, q.getDisabledtargets());
        assertEquals(2, q.getActivetargets());

        // the faulty flag survives a restart
        f.restart();
        assertEquals("FAULTY\n", state(dev, false).getDevState());
        assertEquals("NORMAL\n", state(devs().getDevices(0).getUuid(), false).getDevState());
    }

    @Test
    public void smdPoolsListsThisRanksPoolsWithNvme() throws Exception {
        f.bootstrap();
        f.join(uuid(1), MgmtFixture.NIL);
        f.create(POOL, 1);
        f.create(uuid(20), 1, 1); // not on this rank
        assertEquals(0, f.pools.create(PoolCreateReq.newBuilder().setUuid(uuid(21)).setScmbytes(1L << 30)
                .setNumsvcreps(1).setUser("bob@").build()).getStatus()); // no NVMe
        SmdPoolResp sp = smdPools();
        assertEquals(1, sp.getPoolsCount());
        assertEquals(POOL, sp.getPools(0).getUuid());
        assertEquals(List.of(0, 1, 2, 3), sp.getPools(0).getTgtIdsList());
        assertEquals(4, sp.getPools(0).getBlobsCount());
        assertEquals(sp.getPools(0).getBlobs(0) + 3, sp.getPools(0).getBlobs(3));
    }

    @Test
    public void noDevicesMeansEmptyTables() throws Exception {
        f.withoutDevices();
        f.bootstrap();
        f.create(POOL, 1);
        assertEquals(0, devs().getDevicesCount());
        assertEquals(0, smdPools().getPoolsCount());
        assertEquals(Der.NONEXIST, byTarget("0").getStatus());
    }

    @Test
    public void failedSaveOfSetFaultyAnswersDerIo() throws Exception {
        String dev = devs().getDevices(0).getUuid();
        f.breakSaves();
        assertEquals(Der.IO, state(dev, true).getStatus());
        assertEquals("NORMAL\n", state(dev, false).getDevState());
    }

    @Test
    public void anUndecodableDevStateBodyIsAFailure() throws Exception {
        assertEquals(uuid(1), DeviceHandlers.devReq(DevStateReq.newBuilder().setDevUuid(uuid(1)).build()
                .toByteArray()).getDevUuid());
        try {
            DeviceHandlers.devReq(new byte[] {0x0a, 0x05, 0x01});
            fail("accepted a truncated body");
        } catch (DrpcFailure e) {
            assertEquals(Status.FAILURE, e.status());
        }
    }
}
