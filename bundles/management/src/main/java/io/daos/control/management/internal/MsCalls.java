package io.daos.control.management.internal;

import java.io.IOException;
import java.util.function.Supplier;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.api.harness.Harness;
import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.Result;
import io.daos.control.management.internal.db.SystemStore;

/**
 * The forwarding pattern of SPEC-SYSTEM §4.2 as gRPC errors: select the MS instance, marshal,
 * call, unmarshal; and a change to the system DB whose failure the caller sees as a gRPC error.
 */
final class MsCalls {

    private MsCalls() {
    }

    /** The MS instance selection alone (its target count is thrown away): 647 or §4.2's error text. */
    static int selectMs(Harness h) {
        try {
            return h.msReplicaTargets();
        } catch (FaultException e) {
            throw GrpcErrors.fault(e.fault());
        } catch (IOException e) {
            throw GrpcErrors.error(e.getMessage());
        }
    }

    /** A dRPC call as the harness makes it. */
    @FunctionalInterface
    interface DrpcCall {
        byte[] run() throws FaultException, IOException, DrpcException;
    }

    /**
     * Forwards {@code req} to the MS instance as dRPC {@code method} and parses the reply, as
     * {@link #parsed}.
     */
    static <R> R forward(Harness h, int method, MessageLite req, Parser<R> parser, String op) {
        return parsed(() -> h.callMsReplica(method, req.toByteArray(), MgmtService.DRPC_TIMEOUT), parser, op);
    }

    /**
     * Makes the call and parses its reply: a failed call is a gRPC error with its text (a fault
     * with its detail), a reply that does not parse {@code unmarshal <op> response: …}.
     */
    static <R> R parsed(DrpcCall call, Parser<R> parser, String op) {
        byte[] body;
        try {
            body = call.run();
        } catch (FaultException e) {
            throw GrpcErrors.fault(e.fault());
        } catch (IOException | DrpcException e) {
            throw GrpcErrors.error(e.getMessage());
        }
        try {
            return parser.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw GrpcErrors.error("unmarshal " + op + " response: " + e.getMessage());
        }
    }

    /** The applied state; an unavailable DB is a gRPC error with its reason. */
    static io.daos.control.management.internal.db.SystemDb view(Supplier<SystemStore> store) {
        try {
            return store.get().view();
        } catch (SystemStore.StoreUnavailableException e) {
            throw GrpcErrors.error(e.getMessage());
        }
    }

    /** Applies {@code c} through the store; an unavailable DB is a gRPC error with its reason. */
    static Result submit(Supplier<SystemStore> store, Command c) {
        try {
            return store.get().submit(c);
        } catch (SystemStore.StoreUnavailableException e) {
            throw GrpcErrors.error(e.getMessage());
        }
    }
}
