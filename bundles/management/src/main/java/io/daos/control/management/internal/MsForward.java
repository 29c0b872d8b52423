package io.daos.control.management.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.api.harness.Harness;

/**
 * The forwarding pattern of SPEC-SYSTEM §4.2 over the harness's management-service replica:
 * select the MS instance, marshal the request, call the module-2 method, unmarshal the reply.
 * Every failure is the gRPC error the reference answers: a fault (647 when there is no started
 * harness) with its ErrorInfo, any other failure a plain error with its text, and a reply that
 * does not decode {@code unmarshal <Op> response: <why>}.
 */
final class MsForward {

    /** How long one forwarded call may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<Harness> harness;

    MsForward(Supplier<Harness> harness) {
        this.harness = harness;
    }

    /**
     * Selects the MS instance without calling it (§4.2) and answers its target count; the
     * selection's errors are thrown as gRPC errors.
     */
    int select() {
        Harness h = started();
        try {
            return h.msReplicaTargets();
        } catch (FaultException e) {
            throw GrpcErrors.fault(e.fault());
        } catch (IOException e) {
            throw GrpcErrors.error(e.getMessage());
        }
    }

    /** Forwards {@code req} as method {@code method} and decodes the reply; {@code op} names it in errors. */
    <R> R call(int method, MessageLite req, Parser<R> parser, String op) {
        byte[] body = raw(method, req);
        return decode(body, parser, op);
    }

    /** Forwards {@code req} and answers the reply's bytes, undecoded. */
    byte[] raw(int method, MessageLite req) {
        Harness h = started();
        return run(() -> h.callMsReplica(method, req.toByteArray(), TIMEOUT));
    }

    /** A dRPC call as the harness makes it. */
    @FunctionalInterface
    interface DrpcCall {
        byte[] run() throws FaultException, IOException, DrpcException;
    }

    /** Makes the call; a fault is thrown as itself with its detail, any other failure as a plain error. */
    static byte[] run(DrpcCall call) {
        try {
            return call.run();
        } catch (FaultException e) {
            throw GrpcErrors.fault(e.fault());
        } catch (IOException | DrpcException e) {
            throw GrpcErrors.error(e.getMessage());
        }
    }

    /** Makes the call ({@link #run}) and decodes its reply ({@link #decode}). */
    static <R> R parsed(DrpcCall call, Parser<R> parser, String op) {
        return decode(run(call), parser, op);
    }

    /** The reply {@code body} decoded, or {@code unmarshal <op> response: <why>}. */
    static <R> R decode(byte[] body, Parser<R> parser, String op) {
        try {
            return parser.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw GrpcErrors.error("unmarshal " + op + " response: " + e.getMessage());
        }
    }

    private Harness started() {
        Harness h = harness.get();
        if (h == null || !h.isStarted()) {
            throw GrpcErrors.fault(Faults.SERVER_HARNESS_NOT_STARTED);
        }
        return h;
    }
}
