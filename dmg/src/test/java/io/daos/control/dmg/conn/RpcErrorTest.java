package io.daos.control.dmg.conn;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.Map;

import org.junit.Test;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;

import io.daos.control.api.fault.Fault;
import io.daos.control.api.grpc.GrpcErrors;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;

/** Errors over gRPC as dmg shows them (SPEC-SYSTEM §3.4, §0.5). */
public class RpcErrorTest {

    @Test
    public void aFaultDetailIsTheFaultWithItsTextForms() {
        Fault sent = new Fault("system", 424, "system member with given rank doesn't exists", "");
        RpcError e = RpcError.of(GrpcErrors.fault(sent));
        assertEquals(sent, e.fault().orElseThrow());
        assertEquals("system: code = 424 description = \"system member with given rank doesn't exists\"", e.getMessage());
        assertEquals("system: code = 424 resolution = \"no known resolution\"", e.fault().get().resolutionLine());
        assertEquals(Status.Code.INTERNAL, e.code().orElseThrow());
    }

    /** A v1.0 server's status: ErrorInfo with the metadata as strings, whatever the status message says. */
    @Test
    public void aReferenceStatusDetailIsReconstructedFromItsMetadata() {
        ErrorInfo info = ErrorInfo.newBuilder().setReason("proto.fault.Fault").setDomain("client")
                .putAllMetadata(Map.of("Domain", "client", "Code", "528", "Description",
                        "invalid list of access points in configuration", "Reason", "", "Resolution",
                        "only a single access point is currently supported, specify only one and retry the client application"))
                .build();
        RpcError e = RpcError.of(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(13).setMessage("whatever").addDetails(Any.pack(info)).build()));
        assertEquals("client: code = 528 description = \"invalid list of access points in configuration\"", e.getMessage());
        assertEquals("client: code = 528 resolution = \"only a single access point is currently supported, specify only"
                + " one and retry the client application\"", e.fault().get().resolutionLine());
    }

    @Test
    public void anotherDetailOrNoneIsTheGoStatusText() {
        ErrorInfo info = ErrorInfo.newBuilder().setReason("something.else").putMetadata("Code", "1").build();
        RpcError e = RpcError.of(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(2).setMessage("instance is not an access point").addDetails(Any.pack(info)).build()));
        assertEquals("rpc error: code = Unknown desc = instance is not an access point", e.getMessage());
        assertFalse(e.fault().isPresent());
        assertEquals("rpc error: code = Unavailable desc = ",
                RpcError.of(Status.UNAVAILABLE.asRuntimeException()).getMessage());
        assertEquals("rpc error: code = PermissionDenied desc = not an admin",
                RpcError.of(Status.PERMISSION_DENIED.withDescription("not an admin").asException()).getMessage());
    }

    @Test
    public void everyCodeHasGoCanonicalName() {
        Map<Status.Code, String> go = Map.ofEntries(Map.entry(Status.Code.OK, "OK"),
                Map.entry(Status.Code.CANCELLED, "Canceled"), Map.entry(Status.Code.UNKNOWN, "Unknown"),
                Map.entry(Status.Code.INVALID_ARGUMENT, "InvalidArgument"),
                Map.entry(Status.Code.DEADLINE_EXCEEDED, "DeadlineExceeded"), Map.entry(Status.Code.NOT_FOUND, "NotFound"),
                Map.entry(Status.Code.ALREADY_EXISTS, "AlreadyExists"),
                Map.entry(Status.Code.PERMISSION_DENIED, "PermissionDenied"),
                Map.entry(Status.Code.RESOURCE_EXHAUSTED, "ResourceExhausted"),
                Map.entry(Status.Code.FAILED_PRECONDITION, "FailedPrecondition"), Map.entry(Status.Code.ABORTED, "Aborted"),
                Map.entry(Status.Code.OUT_OF_RANGE, "OutOfRange"), Map.entry(Status.Code.UNIMPLEMENTED, "Unimplemented"),
                Map.entry(Status.Code.INTERNAL, "Internal"), Map.entry(Status.Code.UNAVAILABLE, "Unavailable"),
                Map.entry(Status.Code.DATA_LOSS, "DataLoss"), Map.entry(Status.Code.UNAUTHENTICATED, "Unauthenticated"));
        assertEquals(Status.Code.values().length, go.size());
        for (Status.Code c : Status.Code.values()) {
            assertEquals(go.get(c), RpcError.goName(c));
        }
    }

    @Test
    public void anythingElseKeepsItsMessage() {
        assertEquals("decoding response: bad", RpcError.of(new IllegalStateException("decoding response: bad")).getMessage());
        RpcError own = new RpcError("no active connections");
        assertEquals(own, RpcError.of(own));
        assertFalse(own.code().isPresent());
    }
}
