package io.daos.control.management.internal.pool;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.Map;

import org.junit.Test;

import io.daos.control.proto.mgmt.PoolSetPropReq;
import io.daos.control.proto.mgmt.PoolSetPropResp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

public class PoolPropsTest {

    private static final String UUID = "12345678-1234-1234-1234-123456789abc";

    private static PoolSetPropReq named(String name, String value) {
        return PoolSetPropReq.newBuilder().setUuid(UUID).setName(name).setStrval(value).build();
    }

    private static String error(Runnable r) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, r::run);
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        return e.getStatus().getDescription();
    }

    private static PoolSetPropResp echo(PoolSetPropReq sent) {
        return PoolSetPropResp.newBuilder().setNumber(sent.getNumber()).setNumval(sent.getNumval()).build();
    }

    @Test
    public void reclaimValuesConvertToTheirCodes() {
        Map<String, Long> codes = Map.of("disabled", 0L, "lazy", 1L, "time", 4L, " LAZY ", 1L, "Time\t", 4L);
        codes.forEach((text, code) -> {
            PoolSetPropReq sent = PoolProps.toDrpc(named(" Reclaim ", text));
            assertEquals(PoolSetPropReq.newBuilder().setUuid(UUID).setNumber(5).setNumval(code).build(), sent);
        });
    }

    @Test
    public void replyIsRewrittenToTheNameAndTextAsGiven() {
        for (String text : new String[] {"disabled", "lazy", "time", " LAZY "}) {
            PoolSetPropReq req = named("reclaim", text);
            PoolSetPropReq sent = PoolProps.toDrpc(req);
            PoolSetPropResp out = PoolProps.fromDrpc(req, sent, echo(sent));
            assertEquals(PoolSetPropResp.newBuilder().setName("reclaim").setStrval(text).build(), out);
        }
    }

    @Test
    public void unknownPropertyIsRefusedWithItsTrimmedName() {
        assertEquals("unhandled pool property \"unknown\"", error(() -> PoolProps.toDrpc(named(" unknown ", "lazy"))));
    }

    @Test
    public void laterPropertiesAreRefusedAsInTheReference() {
        for (String name : new String[] {"label", "space_rb", "self_heal", "acl", "owner"}) {
            assertEquals("unhandled pool property \"" + name + "\"",
                    error(() -> PoolProps.toDrpc(named(name, "x"))));
        }
    }

    @Test
    public void propertyByNumberIsRefusedWithAnEmptyName() {
        PoolSetPropReq req = PoolSetPropReq.newBuilder().setUuid(UUID).setNumber(5).setStrval("lazy").build();
        assertEquals("unhandled pool property \"\"", error(() -> PoolProps.toDrpc(req)));
    }

    @Test
    public void propertyNameIsCheckedBeforeTheValue() {
        assertEquals("unhandled pool property \"answer\"", error(() -> PoolProps.toDrpc(named("answer", "bogus"))));
    }

    @Test
    public void unknownReclaimTypeIsRefusedWithItsTrimmedText() {
        assertEquals("unhandled reclaim type \"unknown\"", error(() -> PoolProps.toDrpc(named("reclaim", " unknown "))));
        assertEquals("unhandled reclaim type \"snapshot\"", error(() -> PoolProps.toDrpc(named("reclaim", "snapshot"))));
    }

    @Test
    public void numericReclaimValueHasNoText() {
        PoolSetPropReq req = PoolSetPropReq.newBuilder().setUuid(UUID).setName("reclaim").setNumval(1).build();
        assertEquals("unhandled reclaim type \"\"", error(() -> PoolProps.toDrpc(req)));
    }

    @Test
    public void longClientValuesAreQuotedShort() {
        String msg = error(() -> PoolProps.toDrpc(named("p".repeat(10_000), "lazy")));
        assertEquals("unhandled pool property \"" + "p".repeat(40) + "\"... (10000 characters)", msg);
        msg = error(() -> PoolProps.toDrpc(named("reclaim", "v".repeat(500))));
        assertEquals("unhandled reclaim type \"" + "v".repeat(40) + "\"... (500 characters)", msg);
    }

    @Test
    public void replyNumberMismatchIsAnError() {
        PoolSetPropReq req = named("reclaim", "disabled");
        PoolSetPropReq sent = PoolProps.toDrpc(req);
        PoolSetPropResp reply = PoolSetPropResp.newBuilder().setNumber((int) 4242424242L).build();
        assertEquals("Response number doesn't match request (4242424242 != 5)",
                error(() -> PoolProps.fromDrpc(req, sent, reply)));
    }

    @Test
    public void failedDataPlaneReplySurfacesAsNumberMismatch() {
        PoolSetPropReq req = named("reclaim", "lazy");
        PoolSetPropReq sent = PoolProps.toDrpc(req);
        PoolSetPropResp reply = PoolSetPropResp.newBuilder().setStatus(-1005).build();
        assertEquals("Response number doesn't match request (0 != 5)", error(() -> PoolProps.fromDrpc(req, sent, reply)));
    }

    @Test
    public void replyValueMismatchIsAnError() {
        PoolSetPropReq req = named("reclaim", "disabled");
        PoolSetPropReq sent = PoolProps.toDrpc(req);
        PoolSetPropResp reply = PoolSetPropResp.newBuilder().setNumber(5).setNumval(4242424242L).build();
        assertEquals("Response value doesn't match request (4242424242 != 0)",
                error(() -> PoolProps.fromDrpc(req, sent, reply)));
        PoolSetPropResp huge = PoolSetPropResp.newBuilder().setNumber(5).setNumval(-1L).build();
        assertEquals("Response value doesn't match request (18446744073709551615 != 0)",
                error(() -> PoolProps.fromDrpc(req, sent, huge)));
    }

    @Test
    public void replyStatusIsKept() {
        PoolSetPropReq req = named("reclaim", "time");
        PoolSetPropReq sent = PoolProps.toDrpc(req);
        PoolSetPropResp reply = echo(sent).toBuilder().setStatus(-1012).build();
        assertEquals(-1012, PoolProps.fromDrpc(req, sent, reply).getStatus());
    }
}
