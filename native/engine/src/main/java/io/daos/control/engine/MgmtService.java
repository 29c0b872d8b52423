package io.daos.control.engine;

import com.google.protobuf.InvalidProtocolBufferException;
import io.daos.control.proto.drpc.Status;

/**
 * dRPC module 2 (management) of the emulated I/O server: every method of WIRE 4.7 the control
 * plane calls, with the data-plane semantics of SPEC-SYSTEM 4.4. Pure {@code byte[] -> byte[]}:
 * {@link #handle(int, byte[])} returns the serialized reply (dRPC SUCCESS, method-level errors in
 * its {@code status}) or throws {@link DrpcFailure} for dRPC-level outcomes (UNKNOWN_METHOD,
 * FAILED_UNMARSHAL_PAYLOAD, FAILURE). Every state change is persisted before the reply.
 *
 * <p>The methods live by area ({@link SystemHandlers}, {@link PoolHandlers}, {@link AclHandlers},
 * {@link DeviceHandlers}) over one shared {@link MgmtContext}; each area enters its methods in
 * the {@link MgmtMethods} table, keyed by {@code DrpcIds}, through which every call is
 * dispatched. Calls are served one at a time.
 */
public final class MgmtService {
    private final MgmtContext ctx;
    private final SystemHandlers system;
    private final MgmtMethods methods = new MgmtMethods();

    public MgmtService(StateStore store, EngineState state, Node node, Log log) {
        this.ctx = new MgmtContext(store, state, node, log);
        this.system = new SystemHandlers(ctx);
        system.register(methods);
        new PoolHandlers(ctx).register(methods);
        new AclHandlers(ctx).register(methods);
        new DeviceHandlers(ctx).register(methods);
    }

    /** The current state (for tests and the main program). */
    public synchronized EngineState state() {
        return ctx.state();
    }

    /** Runs once, on the first SetUp (the real server prints its start-up banner then). */
    public synchronized void onSetUp(Runnable r) {
        system.onSetUp(r);
    }

    public synchronized boolean isSetUp() {
        return system.isSetUp();
    }

    /** The dispatch table (for tests). */
    MgmtMethods methods() {
        return methods;
    }

    /** Handles one call of module 2. */
    public synchronized byte[] handle(int method, byte[] body) throws DrpcFailure {
        MgmtHandler h = methods.handler(method);
        if (h == null) {
            throw new DrpcFailure(Status.UNKNOWN_METHOD, "unknown method " + method);
        }
        try {
            return h.handle(body == null ? new byte[0] : body).toByteArray();
        } catch (InvalidProtocolBufferException e) {
            ctx.log().error("mgmt method " + method + ": bad request body: " + e.getMessage());
            throw new DrpcFailure(Status.FAILED_UNMARSHAL_PAYLOAD, "bad body for method " + method);
        }
    }
}
