package io.daos.control.api.grpc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.Optional;

import org.junit.Test;

import com.google.protobuf.Any;
import com.google.rpc.Code;

import com.google.rpc.ErrorInfo;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.fault.Fault;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.network.NetworkScanException;
import io.daos.control.api.storage.StorageException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

public class GrpcErrorsTest {

    /** The ErrorInfo detail dmg decodes a fault from. */
    private static ErrorInfo info(StatusRuntimeException e) throws Exception {
        com.google.rpc.Status s = StatusProto.fromThrowable(e);
        assertNotNull("status details", s);
        assertEquals(1, s.getDetailsCount());
        return s.getDetails(0).unpack(ErrorInfo.class);
    }

    @Test
    public void aFaultIsInternalWithTheFaultTextAndAnErrorInfoDetail() throws Exception {
        Fault f = new Fault("server", 647, "DAOS I/O Server harness not started", "start the harness");
        StatusRuntimeException e = GrpcErrors.fault(f);
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals(f.toString(), e.getStatus().getDescription());
        ErrorInfo info = info(e);
        assertEquals("proto.fault.Fault", info.getReason());
        assertEquals("server", info.getMetadataOrThrow("Domain"));
        assertEquals("647", info.getMetadataOrThrow("Code"));
        assertEquals("DAOS I/O Server harness not started", info.getMetadataOrThrow("Description"));
        assertEquals("", info.getMetadataOrThrow("Reason"));
        assertEquals("start the harness", info.getMetadataOrThrow("Resolution"));
    }

    @Test
    public void everyExceptionCarryingAFaultMapsToThatFault() throws Exception {
        Fault f = Faults.SERVER_HARNESS_NOT_STARTED;
        for (Exception e : new Exception[] {
                new FaultException("context: " + f, f),
                new StorageException("scan failed", f, null),
                new NetworkScanException("scan failed", f, null)}) {
            StatusRuntimeException s = GrpcErrors.toStatus(e);
            assertEquals(e.toString(), Status.Code.INTERNAL, s.getStatus().getCode());
            assertEquals(Integer.toString(f.code()), info(s).getMetadataOrThrow("Code"));
        }
    }

    @Test
    public void aFailureWithoutFaultIsUnknownWithItsMessage() {
        StatusRuntimeException s = GrpcErrors.toStatus(new StorageException("no SCM modules"));
        assertEquals(Status.Code.UNKNOWN, s.getStatus().getCode());
        assertEquals("no SCM modules", s.getStatus().getDescription());
        s = GrpcErrors.toStatus(new IllegalStateException("boom"));
        assertEquals("boom", s.getStatus().getDescription());
        s = GrpcErrors.toStatus(new NullPointerException());
        assertEquals(Status.Code.UNKNOWN, s.getStatus().getCode());
        assertEquals("java.lang.NullPointerException", s.getStatus().getDescription());
    }

    @Test
    public void statusExceptionsPassUnchangedAndInterruptsCancel() {
        StatusRuntimeException given = Status.UNAVAILABLE.withDescription("no scanner").asRuntimeException();
        assertSame(given, GrpcErrors.toStatus(given));
        Metadata trailers = new Metadata();
        Metadata.Key<String> key = Metadata.Key.of("x-test", Metadata.ASCII_STRING_MARSHALLER);
        trailers.put(key, "v");
        StatusRuntimeException s = GrpcErrors.toStatus(Status.NOT_FOUND.withDescription("nf").asException(trailers));
        assertEquals(Status.Code.NOT_FOUND, s.getStatus().getCode());
        assertEquals("v", s.getTrailers().get(key));
        assertEquals(Status.Code.CANCELLED, GrpcErrors.toStatus(new InterruptedException()).getStatus().getCode());
    }

    @Test
    public void errorIsUnknownWithTheText() {
        StatusRuntimeException s = GrpcErrors.error("nil request");
        assertEquals(Status.Code.UNKNOWN, s.getStatus().getCode());
        assertEquals("nil request", s.getStatus().getDescription());
    }

    @Test
    public void faultFromIsTheInverseOfFault() {
        Fault f = new Fault("scm", 1234, "the description", "");
        assertEquals(Optional.of(f), GrpcErrors.faultFrom(GrpcErrors.fault(f)));
        assertEquals("", GrpcErrors.faultFrom(GrpcErrors.fault(f)).orElseThrow().resolution());
    }

    private static com.google.rpc.Status.Builder statusWith(ErrorInfo info) {
        return com.google.rpc.Status.newBuilder().setCode(Code.INTERNAL_VALUE).setMessage("m")
                .addDetails(Any.pack(info));
    }

    @Test
    public void onlyAnErrorInfoWithTheFaultReasonAndANumericCodeIsAFault() {
        ErrorInfo.Builder good = ErrorInfo.newBuilder().setReason(GrpcErrors.FAULT_REASON)
                .putMetadata("Domain", "server").putMetadata("Code", "633");
        assertEquals(Optional.of(new Fault("server", 633, "", "")),
                GrpcErrors.faultFrom(StatusProto.toStatusRuntimeException(statusWith(good.build()).build())));
        assertEquals(Optional.empty(), GrpcErrors.faultFrom(StatusProto.toStatusRuntimeException(
                statusWith(good.clone().setReason("other").build()).build())));
        assertEquals(Optional.empty(), GrpcErrors.faultFrom(StatusProto.toStatusRuntimeException(
                statusWith(good.clone().putMetadata("Code", "x").build()).build())));
        assertEquals(Optional.empty(), GrpcErrors.faultFrom(StatusProto.toStatusRuntimeException(
                com.google.rpc.Status.newBuilder().setCode(Code.INTERNAL_VALUE)
                        .addDetails(Any.pack(com.google.rpc.DebugInfo.getDefaultInstance())).build())));
        assertEquals(Optional.empty(), GrpcErrors.faultFrom(Status.INTERNAL.asRuntimeException()));
        assertEquals(Optional.empty(), GrpcErrors.faultFrom(new IllegalStateException()));
    }

    @Test
    public void aFailedCallToAnotherControlServerMapsByItsKind() throws Exception {
        assertEquals(Status.Code.DEADLINE_EXCEEDED, GrpcErrors.toStatus(
                new ClientException(ClientException.Kind.TIMEOUT, "no answer", null)).getStatus().getCode());
        assertEquals(Status.Code.CANCELLED, GrpcErrors.toStatus(
                new ClientException(ClientException.Kind.CANCELLED, "closed", null)).getStatus().getCode());
        StatusRuntimeException unreachable = GrpcErrors.toStatus(
                new ClientException(ClientException.Kind.UNREACHABLE, "h:1: refused", null));
        assertEquals(Status.Code.UNAVAILABLE, unreachable.getStatus().getCode());
        assertEquals("h:1: refused", unreachable.getStatus().getDescription());
        // a peer's error is passed on: its fault, else its status as received, else UNKNOWN
        Fault f = Faults.SYSTEM_MEMBER_MISSING;
        StatusRuntimeException withFault = GrpcErrors.toStatus(
                new ClientException(ClientException.Kind.FAILED, "x", f, GrpcErrors.fault(f)));
        assertEquals(Status.Code.INTERNAL, withFault.getStatus().getCode());
        assertEquals(Optional.of(f), GrpcErrors.faultFrom(withFault));
        StatusRuntimeException peer = Status.NOT_FOUND.withDescription("nf").asRuntimeException();
        assertSame(peer, GrpcErrors.toStatus(new ClientException(ClientException.Kind.FAILED, "nf", peer)));
        StatusRuntimeException plain = GrpcErrors.toStatus(
                new ClientException(ClientException.Kind.FAILED, "odd", new IllegalStateException()));
        assertEquals(Status.Code.UNKNOWN, plain.getStatus().getCode());
        assertEquals("odd", plain.getStatus().getDescription());
    }

    /** Bytes of {@code text} as gRPC percent-encodes a status message. */
    private static int encodedBytes(String text) {
        return percentEncoded(text).length();
    }

    /** grpc-java's own rule (Status.MESSAGE_KEY): ' ' to '}' but '%' as is, else %XX per UTF-8 byte. */
    private static String percentEncoded(String text) {
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            if (b >= ' ' && b < '~' && b != '%') {
                sb.append((char) b);
            } else {
                sb.append(String.format("%%%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    /** Issue 10 defect 3: no status text it produces is large enough to break a client's connection. */
    @Test
    public void defect3EveryStatusTextIsCappedNotingTheCut() throws Exception {
        String huge = "p".repeat(100_000);
        String d = GrpcErrors.error(huge).getStatus().getDescription();
        assertTrue(d.length() + " characters", encodedBytes(d) <= GrpcErrors.MAX_MESSAGE);
        assertTrue(d, d.startsWith("pppp") && d.endsWith("... (cut: 100000 characters)"));
        // non-ASCII takes up to 12 bytes a code point once encoded: the cap counts encoded bytes
        String wide = "\u6f22\ud83d\ude00\n".repeat(50_000);
        d = GrpcErrors.toStatus(new IllegalStateException(wide)).getStatus().getDescription();
        assertTrue(encodedBytes(d) + " bytes", encodedBytes(d) <= GrpcErrors.MAX_MESSAGE);
        assertTrue(d, d.endsWith("... (cut: " + wide.length() + " characters)"));
        assertFalse("no half surrogate pair", Character.isHighSurrogate(d.charAt(d.indexOf("...") - 1)));
        // a fault: its message and its detail's texts
        Fault f = new Fault("server", 1, huge, huge);
        StatusRuntimeException e = GrpcErrors.fault(f);
        assertTrue(encodedBytes(e.getStatus().getDescription()) <= GrpcErrors.MAX_MESSAGE);
        ErrorInfo info = info(e);
        assertTrue(info.getMetadataOrThrow("Description").length() <= GrpcErrors.MAX_METADATA);
        assertTrue(info.getMetadataOrThrow("Resolution").endsWith("(cut: 100000 characters)"));
        assertEquals("the code still decodes", 1, GrpcErrors.faultFrom(e).get().code());
        // statuses passed through, a peer's error included
        for (Throwable t : new Throwable[] {Status.NOT_FOUND.withDescription(huge).asRuntimeException(),
                Status.NOT_FOUND.withDescription(huge).asException(),
                new ClientException(ClientException.Kind.UNREACHABLE, huge, null),
                new ClientException(ClientException.Kind.FAILED, huge,
                        Status.NOT_FOUND.withDescription(huge).asRuntimeException())}) {
            StatusRuntimeException s = GrpcErrors.toStatus(t);
            assertTrue(t.getClass().getSimpleName(),
                    encodedBytes(s.getStatus().getDescription()) <= GrpcErrors.MAX_MESSAGE);
        }
        // what fits is left alone
        assertEquals("short", GrpcErrors.error("short").getStatus().getDescription());
        String exact = "e".repeat(GrpcErrors.MAX_MESSAGE);
        assertSame(exact, GrpcErrors.cap(exact, GrpcErrors.MAX_MESSAGE));
        assertEquals(null, GrpcErrors.cap(null, 10));
    }
}
