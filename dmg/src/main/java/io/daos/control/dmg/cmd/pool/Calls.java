package io.daos.control.dmg.cmd.pool;

import java.util.function.ToIntFunction;

import io.daos.control.api.fault.FaultException;
import io.daos.control.dmg.cli.CommandContext;
import io.daos.control.dmg.cli.DmgException;
import io.daos.control.dmg.conn.Connections;
import io.daos.control.dmg.conn.Invoker;
import io.daos.control.dmg.conn.RpcError;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;

/** The pool commands' way to the management service: one call to the single target. */
final class Calls {

    private Calls() {
    }

    /** A call on the management service's blocking stub. */
    @FunctionalInterface
    interface MgmtCall<R> {
        /** Makes the call. */
        R call(MgmtSvcGrpc.MgmtSvcBlockingStub stub);
    }

    /**
     * {@code call} on the first active connection, without deadline. (Lambdas here cost nothing
     * at start: the connection layer has bootstrapped them already.)
     */
    static <R> R single(CommandContext ctx, MgmtCall<R> call) throws RpcError {
        return new Invoker(ctx.connections(Connections.class))
                .single(channel -> call.call(MgmtSvcGrpc.newBlockingStub(channel)), Invoker.NO_DEADLINE);
    }

    /**
     * {@code call} on the first active connection, a non-zero reply status turned into the client
     * library's error ({@link #status}).
     */
    static <R> R checked(CommandContext ctx, MgmtCall<R> call, ToIntFunction<R> statusOf, boolean newline)
            throws RpcError, DmgException {
        R reply = single(ctx, call);
        int status = statusOf.applyAsInt(reply);
        if (status != 0) {
            throw status(status, newline);
        }
        return reply;
    }

    /** The client library's error for a non-zero reply status, with or without its trailing newline. */
    static DmgException status(int status, boolean newline) {
        return new DmgException("DAOS returned error code: " + status + (newline ? "\n" : ""));
    }

    /**
     * {@code e} with {@code prefix} before its message, keeping a server fault so that its
     * resolution line is printed too.
     */
    static Exception prefixed(String prefix, Exception e) {
        String text = prefix + e.getMessage();
        if (e instanceof RpcError r && r.fault().isPresent()) {
            return new FaultException(text, r.fault().get(), e);
        }
        return new DmgException(text, e);
    }

    /** {@code e} as it is, or as a fault when the server sent one (for its resolution line). */
    static Exception plain(Exception e) {
        return e instanceof RpcError r && r.fault().isPresent() ? prefixed("", e) : e;
    }
}
