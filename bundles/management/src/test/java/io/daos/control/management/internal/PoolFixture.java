package io.daos.control.management.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.daos.control.api.fault.Fault;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.system.MemberState;
import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.LocalStore;
import io.daos.control.management.internal.db.PoolState;
import io.daos.control.management.internal.db.SystemDb;
import io.daos.control.management.internal.db.SystemStore;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** What the pool service tests share: a DB with members, pools in a given state, error checks. */
final class PoolFixture {

    static final String POOL = "a106d667-5c5d-4d6f-ac3a-89099196c41a";
    static final UUID POOL_ID = UUID.fromString(POOL);
    static final String OTHER = "0f5c7e4a-3a52-4c1b-9a55-2f1d3c1e0b7d";

    private PoolFixture() {
    }

    /** A DB with members at ranks 0 .. n-1, all Started. */
    static LocalStore store(int n) {
        LocalStore s = new LocalStore();
        assertEquals(0, s.submit(new Command.Bootstrap(new UUID(0, 0), 0, "10.0.0.1:10001", "ofi+tcp://r0", 2))
                .status());
        for (int r = 1; r < n; r++) {
            assertEquals(0, s.submit(new Command.Join(new UUID(0, r), r, "10.0.0.1:10001", "ofi+tcp://r" + r, 2))
                    .status());
        }
        return s;
    }

    /** The pool service replicas of {@code store}'s pools as the harness {@code h} holds them, no peers. */
    static PoolReplicas replicas(SystemStore store, Harness h) {
        return new PoolReplicas(store, () -> h, () -> null, "daos_server", Duration.ofSeconds(1));
    }

    /** Sets the state of member {@code rank}. */
    static void memberState(LocalStore s, long rank, MemberState st) {
        assertEquals(0, s.submit(new Command.UpdateState(rank, st, "test")).status());
    }

    /** Records {@link #POOL} on ranks 0..2 in {@code state} (replicas [1, 2] once Ready). */
    static void pool(LocalStore s, PoolState state) {
        assertEquals(0, s.submit(new Command.PoolCreateBegin(POOL_ID, List.of(0L, 1L, 2L), 1L << 30, 0)).status());
        if (state != PoolState.CREATING) {
            assertEquals(0, s.submit(new Command.PoolReady(POOL_ID, List.of(1L, 2L))).status());
        }
        if (state == PoolState.DESTROYING) {
            assertEquals(0, s.submit(new Command.PoolDestroyBegin(POOL_ID)).status());
        }
    }

    /** The state of {@link #POOL} in the DB, or null when it is not there. */
    static PoolState state(SystemDb db) {
        return db.pool(POOL_ID).map(p -> p.state()).orElse(null);
    }

    /** Asserts that {@code r} throws a plain error (UNKNOWN) whose text contains {@code text}. */
    static void assertError(String text, Runnable r) {
        try {
            r.run();
            fail("expected an error containing " + text);
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription(), e.getStatus().getDescription().contains(text));
        }
    }

    /** Asserts that {@code r} throws fault {@code code}. */
    static Fault assertFault(int code, Runnable r) {
        try {
            r.run();
            fail("expected fault " + code);
            return null;
        } catch (StatusRuntimeException e) {
            Fault f = GrpcErrors.faultFrom(e).orElseThrow(() -> new AssertionError("not a fault: " + e));
            assertEquals(code, f.code());
            return f;
        }
    }
}
