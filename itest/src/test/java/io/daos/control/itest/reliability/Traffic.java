package io.daos.control.itest.reliability;

import java.util.concurrent.TimeUnit;

import io.daos.control.itest.e2e.MgmtCalls;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;

/**
 * The cheap calls of the load and soak tests, one client's view: health Check, SystemQuery,
 * ListPools and PoolQuery of a pool that exists, in turn. Each call has a deadline and its answer
 * is checked (SERVING, both members, the pool listed, status 0); a failed check throws.
 */
final class Traffic {

    /** The calls, in the order {@link #call} cycles through them. */
    static final String[] KINDS = {"health", "SystemQuery", "ListPools", "PoolQuery"};
    private static final long DEADLINE_S = 30;

    private final ManagedChannel channel;
    private final String pool;
    private final int members;

    /** Calls over {@code channel}; {@code pool} exists; the system has {@code members} members. */
    Traffic(ManagedChannel channel, String pool, int members) {
        this.channel = channel;
        this.pool = pool;
        this.members = members;
    }

    /** Call {@code i} ({@code KINDS[i % 4]}); throws on an error or a wrong answer. */
    void call(int i) {
        switch (i % KINDS.length) {
            case 0 -> {
                ServingStatus s = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_S, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance()).getStatus();
                check(s == ServingStatus.SERVING, "health says " + s);
            }
            case 1 -> {
                int n = MgmtCtlGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_S, TimeUnit.SECONDS)
                        .systemQuery(SystemQueryReq.getDefaultInstance()).getMembersCount();
                check(n == members, "SystemQuery lists " + n + " members");
            }
            case 2 -> {
                var r = MgmtSvcGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_S, TimeUnit.SECONDS)
                        .listPools(ListPoolsReq.newBuilder().setSys(MgmtCalls.SYS).build());
                check(r.getStatus() == 0 && r.getPoolsList().stream().anyMatch(p -> p.getUuid().equals(pool)),
                        "ListPools: " + r);
            }
            default -> {
                var r = MgmtSvcGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_S, TimeUnit.SECONDS)
                        .poolQuery(PoolQueryReq.newBuilder().setUuid(pool).build());
                check(r.getStatus() == 0, "PoolQuery: " + r);
            }
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    /** Creates the pool the traffic queries (64 MiB of SCM) over {@code channel}; returns its uuid. */
    static String createPool(ManagedChannel channel) {
        String uuid = MgmtCalls.newUuid();
        new MgmtCalls(channel).createOk(MgmtCalls.create(uuid, 64 * MgmtCalls.MIB).build(), java.util.List.of(1));
        return uuid;
    }
}
