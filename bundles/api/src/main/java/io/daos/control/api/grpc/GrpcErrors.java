package io.daos.control.api.grpc;

import java.util.Map;
import java.util.Optional;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.fault.Fault;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.network.NetworkScanException;
import io.daos.control.api.storage.StorageException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * The one error mapper of the gRPC modules: turns what a method implementation throws into the
 * gRPC status the v1.0 {@code dmg} decodes (WIRE.md §5.5).
 * <ul>
 * <li>a {@link Fault} (from a {@link FaultException}, or a {@link StorageException} /
 *     {@link NetworkScanException} that carries one) becomes {@code INTERNAL} with the fault text as
 *     message and a {@code google.rpc.ErrorInfo} detail with reason {@code proto.fault.Fault} and
 *     metadata Domain, Code, Description, Reason, Resolution;</li>
 * <li>a {@link StatusRuntimeException} / {@link StatusException} is sent as it is;</li>
 * <li>an {@link InterruptedException} becomes {@code CANCELLED};</li>
 * <li>a {@link ClientException} (a call to another control server failed) becomes what its kind
 *     says: {@code DEADLINE_EXCEEDED}, {@code CANCELLED} or {@code UNAVAILABLE} with its message;
 *     a peer's error ({@link ClientException.Kind#FAILED}) is passed on: its fault as above,
 *     else its status as received, else {@code UNKNOWN} with its message;</li>
 * <li>anything else becomes {@code UNKNOWN} with its message (the class name when it has none).</li>
 * </ul>
 * {@link GrpcMethods} applies it to every unary and server-streaming method; {@link #faultFrom}
 * reads a fault back out of such an error, for the callers of other control servers.
 *
 * <p>Every status text it produces is capped ({@link #cap}): the description travels
 * percent-encoded in the {@code grpc-message} trailer and a fault once more, base64-encoded, in
 * {@code grpc-status-details-bin}, and a client refuses trailers over its header-list limit (8 KiB
 * for grpc-java) by failing the call, or the whole connection. The edge keeps client values out of
 * messages ({@link Bounds}); the cap holds whatever else a message may carry (a tool's output, a
 * peer's error).
 */
public final class GrpcErrors {

    /** The {@code ErrorInfo} reason that marks a fault (WIRE.md §5.5). */
    public static final String FAULT_REASON = "proto.fault.Fault";

    /** At most this many bytes of {@code grpc-message} (percent-encoded) per status text. */
    public static final int MAX_MESSAGE = 2048;
    /** At most this many bytes (as {@link #MAX_MESSAGE}) per fault metadata value. */
    public static final int MAX_METADATA = 512;

    private GrpcErrors() {
    }

    /** A fault as the gRPC error dmg turns back into the fault. */
    public static StatusRuntimeException fault(Fault f) {
        ErrorInfo info = ErrorInfo.newBuilder()
                .setReason(FAULT_REASON)
                .setDomain(f.domain())
                .putMetadata("Domain", f.domain())
                .putMetadata("Code", Integer.toString(f.code()))
                .putMetadata("Description", cap(f.description(), MAX_METADATA))
                .putMetadata("Reason", "")
                .putMetadata("Resolution", cap(f.resolution(), MAX_METADATA))
                .build();
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.INTERNAL_VALUE)
                .setMessage(cap(f.toString(), MAX_MESSAGE))
                .addDetails(Any.pack(info))
                .build());
    }

    /**
     * The fault a gRPC error carries, the inverse of {@link #fault(Fault)}: the first
     * {@code google.rpc.ErrorInfo} detail with reason {@value #FAULT_REASON} and a numeric Code
     * (metadata Domain, falling back to the detail's domain, Code, Description, Resolution).
     * Empty for an error without a well-formed one, and for anything that is not a status error.
     */
    public static Optional<Fault> faultFrom(Throwable t) {
        com.google.rpc.Status status = StatusProto.fromThrowable(t);
        if (status == null) {
            return Optional.empty();
        }
        for (Any detail : status.getDetailsList()) {
            if (!detail.is(ErrorInfo.class)) {
                continue;
            }
            ErrorInfo info;
            try {
                info = detail.unpack(ErrorInfo.class);
            } catch (InvalidProtocolBufferException e) {
                continue;
            }
            if (!FAULT_REASON.equals(info.getReason())) {
                continue;
            }
            Map<String, String> m = info.getMetadataMap();
            int code;
            try {
                code = Integer.parseInt(m.getOrDefault("Code", ""));
            } catch (NumberFormatException e) {
                continue;
            }
            return Optional.of(new Fault(m.getOrDefault("Domain", info.getDomain()), code,
                    m.get("Description"), m.get("Resolution")));
        }
        return Optional.empty();
    }

    /** An ordinary error: UNKNOWN with the text (how the reference returns a Go error). */
    public static StatusRuntimeException error(String message) {
        return Status.UNKNOWN.withDescription(cap(message, MAX_MESSAGE)).asRuntimeException();
    }

    /** The status for anything a method implementation threw (see the class comment). */
    public static StatusRuntimeException toStatus(Throwable t) {
        if (t instanceof StatusRuntimeException e) {
            Status s = capped(e.getStatus());
            return s == e.getStatus() ? e : s.asRuntimeException(e.getTrailers());
        }
        if (t instanceof StatusException e) {
            return capped(e.getStatus()).asRuntimeException(e.getTrailers());
        }
        if (t instanceof InterruptedException) {
            return Status.CANCELLED.withDescription("interrupted").asRuntimeException();
        }
        if (t instanceof ClientException e) {
            return remote(e);
        }
        Optional<Fault> f = faultOf(t);
        if (f.isPresent()) {
            return fault(f.get());
        }
        String message = t.getMessage();
        return error(message != null ? message : t.toString());
    }

    private static StatusRuntimeException remote(ClientException e) {
        return switch (e.kind()) {
            case TIMEOUT -> Status.DEADLINE_EXCEEDED.withDescription(cap(e.getMessage(), MAX_MESSAGE)).withCause(e)
                    .asRuntimeException();
            case CANCELLED -> Status.CANCELLED.withDescription(cap(e.getMessage(), MAX_MESSAGE)).withCause(e)
                    .asRuntimeException();
            case UNREACHABLE -> Status.UNAVAILABLE.withDescription(cap(e.getMessage(), MAX_MESSAGE)).withCause(e)
                    .asRuntimeException();
            case FAILED -> e.fault().map(GrpcErrors::fault).orElseGet(() ->
                    e.getCause() instanceof StatusRuntimeException s ? toStatus(s) : error(e.getMessage()));
        };
    }

    private static Optional<Fault> faultOf(Throwable t) {
        if (t instanceof FaultException e) {
            return Optional.of(e.fault());
        }
        if (t instanceof StorageException e) {
            return e.fault();
        }
        if (t instanceof NetworkScanException e) {
            return e.fault();
        }
        return Optional.empty();
    }

    /**
     * {@code status} with its description capped at {@link #MAX_MESSAGE} (see {@link #cap}), the
     * same object when it needs no cut.
     */
    public static Status capped(Status status) {
        String d = status.getDescription();
        String c = cap(d, MAX_MESSAGE);
        return c == d ? status : status.withDescription(c);
    }

    /**
     * {@code text} cut so that it takes at most {@code maxBytes} bytes once percent-encoded as
     * gRPC sends a status message ({@code ' '} to <code>'}'</code> but {@code %} one byte, anything
     * else three per UTF-8 byte), the cut noted with the full length; {@code text} itself when it fits.
     */
    public static String cap(String text, int maxBytes) {
        if (text == null) {
            return null;
        }
        String note = "... (cut: " + text.length() + " characters)";
        int budget = maxBytes - note.length();
        int bytes = 0;
        int end = 0;
        int fits = -1;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            bytes += encoded(cp);
            if (fits < 0 && bytes > budget) {
                fits = end;
            }
            if (bytes > maxBytes) {
                return text.substring(0, fits) + note;
            }
            end += Character.charCount(cp);
        }
        return text;
    }

    /** Bytes of one code point in a percent-encoded {@code grpc-message}. */
    private static int encoded(int cp) {
        if (cp >= 0x20 && cp < 0x7e && cp != '%') {
            return 1;
        }
        int utf8 = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        return 3 * utf8;
    }
}
