package io.daos.control.proto;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.daos.control.proto.auth.Flavor;
import io.daos.control.proto.auth.Token;
import io.daos.control.proto.ctl.ResponseState;
import io.daos.control.proto.ctl.ResponseStatus;
import io.daos.control.proto.ctl.ScanNvmeResp;
import io.daos.control.proto.ctl.ScanScmResp;
import io.daos.control.proto.ctl.StorageScanResp;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.drpc.Response;
import io.daos.control.proto.drpc.Status;
import io.daos.control.proto.mgmt.PoolCreateResp;
import io.daos.control.proto.mgmt.PoolSetPropReq;
import io.daos.control.proto.mgmt.PoolSetPropResp;
import java.util.List;
import org.junit.Test;

/** Round trips of the encodings WIRE.md section 3 calls out as tricky. */
public class WireEncodingTest {

    private static byte[] bytes(int... b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = (byte) b[i];
        }
        return r;
    }

    /** The 10-byte sign-extended varint of a negative int32/enum/int64 value. */
    private static final int[] MINUS_TWO = {0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};

    @Test
    public void negativeResponseStatusIsATenByteVarint() throws InvalidProtocolBufferException {
        ResponseState s = ResponseState.newBuilder().setStatus(ResponseStatus.CTL_ERR_NVME).build();
        byte[] wire = s.toByteArray();
        int[] expected = new int[11];
        expected[0] = 0x08; // field 1, varint
        System.arraycopy(MINUS_TWO, 0, expected, 1, 10);
        assertArrayEquals(bytes(expected), wire);
        ResponseState back = ResponseState.parseFrom(wire);
        assertEquals(ResponseStatus.CTL_ERR_NVME, back.getStatus());
        assertEquals(-2, back.getStatusValue());
    }

    @Test
    public void everyNegativeResponseStatusRoundTrips() throws InvalidProtocolBufferException {
        for (ResponseStatus st : ResponseStatus.values()) {
            if (st == ResponseStatus.UNRECOGNIZED) {
                continue;
            }
            byte[] wire = ResponseState.newBuilder().setStatus(st).setError("e").build().toByteArray();
            if (st.getNumber() < 0) {
                assertEquals(st + " must use a 10-byte varint", 1 + 10 + 3, wire.length);
            }
            assertEquals(st, ResponseState.parseFrom(wire).getStatus());
        }
    }

    @Test
    public void unknownResponseStatusNumberIsKept() throws InvalidProtocolBufferException {
        // proto3 open enum: a number we do not know survives a round trip.
        byte[] wire = ResponseState.newBuilder().setStatusValue(-7).build().toByteArray();
        ResponseState back = ResponseState.parseFrom(wire);
        assertEquals(ResponseStatus.UNRECOGNIZED, back.getStatus());
        assertEquals(-7, back.getStatusValue());
        assertArrayEquals(wire, back.toByteArray());
    }

    @Test
    public void negativeDerStatusAndSequenceAreTenByteVarints() throws InvalidProtocolBufferException {
        byte[] wire = PoolCreateResp.newBuilder().setStatus(-1003).build().toByteArray();
        assertEquals(11, wire.length);
        assertEquals(-1003, PoolCreateResp.parseFrom(wire).getStatus());

        Response r = Response.newBuilder().setSequence(-1).setStatus(Status.FAILED_UNMARSHAL_CALL).build();
        byte[] rw = r.toByteArray();
        assertArrayEquals(bytes(0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x10, 0x05), rw);
        assertEquals(r, Response.parseFrom(rw));
    }

    @Test
    public void oneofMemberWithZeroValueIsSentAndSeen() throws InvalidProtocolBufferException {
        PoolSetPropReq req = PoolSetPropReq.newBuilder().setNumber(0).setNumval(0).build();
        byte[] wire = req.toByteArray();
        // field 3 varint 0, field 5 varint 0: present although zero
        assertArrayEquals(bytes(0x18, 0x00, 0x28, 0x00), wire);
        PoolSetPropReq back = PoolSetPropReq.parseFrom(wire);
        assertEquals(PoolSetPropReq.PropertyCase.NUMBER, back.getPropertyCase());
        assertEquals(PoolSetPropReq.ValueCase.NUMVAL, back.getValueCase());
        assertTrue(back.hasNumber());
        assertTrue(back.hasNumval());

        PoolSetPropResp resp = PoolSetPropResp.newBuilder().setName("").setStrval("").build();
        byte[] rw = resp.toByteArray();
        assertArrayEquals(bytes(0x12, 0x00, 0x22, 0x00), rw);
        PoolSetPropResp rb = PoolSetPropResp.parseFrom(rw);
        assertEquals(PoolSetPropResp.PropertyCase.NAME, rb.getPropertyCase());
        assertEquals(PoolSetPropResp.ValueCase.STRVAL, rb.getValueCase());

        // Not set at all: nothing on the wire, no case.
        PoolSetPropReq empty = PoolSetPropReq.parseFrom(new byte[0]);
        assertEquals(PoolSetPropReq.PropertyCase.PROPERTY_NOT_SET, empty.getPropertyCase());
        assertEquals(PoolSetPropReq.ValueCase.VALUE_NOT_SET, empty.getValueCase());
    }

    @Test
    public void explicitlySetEmptySubMessageIsPresent() throws InvalidProtocolBufferException {
        StorageScanResp resp = StorageScanResp.newBuilder()
                .setNvme(ScanNvmeResp.getDefaultInstance())
                .setScm(ScanScmResp.getDefaultInstance())
                .build();
        byte[] wire = resp.toByteArray();
        assertArrayEquals(bytes(0x0A, 0x00, 0x12, 0x00), wire);
        StorageScanResp back = StorageScanResp.parseFrom(wire);
        assertTrue(back.hasNvme());
        assertTrue(back.hasScm());

        StorageScanResp absent = StorageScanResp.parseFrom(new byte[0]);
        assertFalse(absent.hasNvme());
        assertFalse(absent.hasScm());
    }

    @Test
    public void repeatedScalarsArePackedAndUnpackedIsAccepted() throws InvalidProtocolBufferException {
        SystemQueryReq req = SystemQueryReq.newBuilder().addRanks(1).addRanks(2).build();
        assertArrayEquals(bytes(0x0A, 0x02, 0x01, 0x02), req.toByteArray());
        SystemQueryReq unpacked = SystemQueryReq.parseFrom(bytes(0x08, 0x01, 0x08, 0x02));
        assertEquals(List.of(1, 2), unpacked.getRanksList());
    }

    @Test
    public void authTokenEncodingIsCanonical() throws InvalidProtocolBufferException {
        // dRPC 401 hashes the serialized token: fields in number order, defaults omitted.
        Token t = Token.newBuilder().setFlavor(Flavor.AUTH_SYS).setData(ByteString.copyFrom(bytes(0xAB, 0xCD))).build();
        assertArrayEquals(bytes(0x08, 0x01, 0x12, 0x02, 0xAB, 0xCD), t.toByteArray());
        assertEquals(t, Token.parseFrom(t.toByteArray()));
        assertArrayEquals(new byte[0], Token.newBuilder().setFlavor(Flavor.AUTH_NONE).build().toByteArray());
    }
}
