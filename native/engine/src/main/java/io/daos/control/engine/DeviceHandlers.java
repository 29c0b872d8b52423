package io.daos.control.engine;

import com.google.protobuf.InvalidProtocolBufferException;
import io.daos.control.api.drpc.Der;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.proto.drpc.Status;
import io.daos.control.proto.mgmt.BioHealthReq;
import io.daos.control.proto.mgmt.BioHealthResp;
import io.daos.control.proto.mgmt.DevStateReq;
import io.daos.control.proto.mgmt.DevStateResp;
import io.daos.control.proto.mgmt.SmdDevReq;
import io.daos.control.proto.mgmt.SmdDevResp;
import io.daos.control.proto.mgmt.SmdPoolReq;
import io.daos.control.proto.mgmt.SmdPoolResp;
import java.util.Map;

/**
 * The SMD, BIO and device-state methods of module 2 (SPEC-SYSTEM 4.4.7): SmdListDevs,
 * SmdListPools, BioHealthQuery, DevStateQuery and StorageSetFaulty, over the devices of
 * {@link Devices}. A device set faulty stays so (persisted); its targets count as disabled in
 * PoolQuery.
 */
final class DeviceHandlers {
    private final MgmtContext ctx;

    DeviceHandlers(MgmtContext ctx) {
        this.ctx = ctx;
    }

    void register(MgmtMethods t) {
        t.add(DrpcIds.MGMT_BIO_HEALTH_QUERY, BioHealthReq.parser(), this::bioHealth);
        t.add(DrpcIds.MGMT_SMD_LIST_DEVS, SmdDevReq.parser(), this::smdDevs);
        t.add(DrpcIds.MGMT_SMD_LIST_POOLS, SmdPoolReq.parser(), this::smdPools);
        t.add(DrpcIds.MGMT_DEV_STATE_QUERY, body -> devState(devReq(body), false));
        t.add(DrpcIds.MGMT_DEV_SET_FAULTY, body -> devState(devReq(body), true));
    }

    /** DevStateQuery/SetFaulty answer an undecodable body with FAILURE, not FAILED_UNMARSHAL_PAYLOAD. */
    static DevStateReq devReq(byte[] b) throws DrpcFailure {
        try {
            return DevStateReq.parseFrom(b);
        } catch (InvalidProtocolBufferException e) {
            throw new DrpcFailure(Status.FAILURE, "bad DevStateReq body");
        }
    }

    SmdDevResp smdDevs(SmdDevReq r) {
        SmdDevResp.Builder out = SmdDevResp.newBuilder();
        for (Devices.Device d : ctx.node().devices()) {
            out.addDevices(SmdDevResp.Device.newBuilder().setUuid(d.uuid()).addAllTgtIds(d.targets()));
        }
        return out.build();
    }

    /** This rank's pools with an NVMe share, each with one blob per target. */
    SmdPoolResp smdPools(SmdPoolReq r) {
        SmdPoolResp.Builder out = SmdPoolResp.newBuilder();
        if (ctx.node().devices().isEmpty()) {
            return out.build();
        }
        EngineState st = ctx.state();
        for (Map.Entry<String, EngineState.Pool> e : st.pools.entrySet()) {
            EngineState.Pool p = e.getValue();
            if (!p.ranks.contains(st.rank) || p.nvmePerTarget == 0) {
                continue;
            }
            SmdPoolResp.Pool.Builder b = SmdPoolResp.Pool.newBuilder().setUuid(e.getKey());
            long base = 0x100000000L | ((e.getKey().hashCode() & 0xffffL) << 8);
            for (int t = 0; t < p.targetsPerRank; t++) {
                b.addTgtIds(t).addBlobs(base + t);
            }
            out.addPools(b);
        }
        return out.build();
    }

    /** By device UUID, else by target id (C atoi of the text); neither is {@link Der#INVAL}. */
    BioHealthResp bioHealth(BioHealthReq r) {
        BioHealthResp.Builder out = BioHealthResp.newBuilder();
        Devices.Device dev = null;
        if (!r.getDevUuid().isEmpty()) {
            if (!Uuids.valid(r.getDevUuid())) {
                return out.setStatus(Der.INVAL).build();
            }
            dev = device(r.getDevUuid());
        } else if (!r.getTgtId().isEmpty()) {
            int tgt = atoi(r.getTgtId());
            for (Devices.Device d : ctx.node().devices()) {
                if (d.targets().contains(tgt)) {
                    dev = d;
                }
            }
        } else {
            return out.setStatus(Der.INVAL).build();
        }
        if (dev == null) {
            return out.setStatus(Der.NONEXIST).build();
        }
        boolean faulty = ctx.state().faultyDevices.containsKey(dev.uuid());
        return out.setDevUuid(dev.uuid())
                .setTemperature(300) // Kelvin
                .setReadonly(faulty)
                .setDeviceReliability(faulty)
                .build();
    }

    /** DevStateQuery, or StorageSetFaulty ({@code setFaulty}): the device's state after the call. */
    DevStateResp devState(DevStateReq r, boolean setFaulty) {
        DevStateResp.Builder out = DevStateResp.newBuilder();
        if (!Uuids.valid(r.getDevUuid())) {
            return out.setStatus(Der.INVAL).build();
        }
        Devices.Device dev = device(r.getDevUuid());
        if (dev == null) {
            return out.setStatus(Der.NONEXIST).build();
        }
        EngineState st = ctx.state();
        if (setFaulty && !st.faultyDevices.containsKey(dev.uuid())) {
            st.faultyDevices.put(dev.uuid(), Boolean.TRUE);
            int rc = ctx.persist();
            if (rc != Der.SUCCESS) {
                return out.setStatus(rc).build();
            }
            ctx.log().info("SetFaulty: device " + dev.uuid() + " is now FAULTY");
        }
        boolean faulty = st.faultyDevices.containsKey(dev.uuid());
        return out.setDevUuid(dev.uuid()).setDevState(faulty ? "FAULTY\n" : "NORMAL\n").build();
    }

    private Devices.Device device(String uuid) {
        String u = Uuids.canonical(uuid);
        for (Devices.Device d : ctx.node().devices()) {
            if (d.uuid().equals(u)) {
                return d;
            }
        }
        return null;
    }

    /** C atoi: optional blanks and sign, then digits; anything else stops (non-numeric -> 0). */
    static int atoi(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && v < Integer.MAX_VALUE) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return (int) (neg ? -v : v);
    }
}
