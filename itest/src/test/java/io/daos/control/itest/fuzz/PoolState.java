package io.daos.control.itest.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.daos.control.itest.e2e.MgmtCalls;
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.PoolCreateResp;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;

/**
 * The pools the pool and ACL methods are fuzzed against: {@link #COUNT} pools with uuids from the
 * run's seed, made to exist before each batch (and those a fuzzed PoolCreate added destroyed, so
 * that the SCM does not fill up), and the values that make mutated requests reach past the
 * checks: these uuids (and one of a pool that never exists), valid ACEs and principals, property
 * names, sizes the node can serve ({@link #hints}).
 */
final class PoolState {

    static final int COUNT = 3;
    private static final long CALL_S = 60;

    private final ManagedChannel channel;
    private final List<String> pools = new ArrayList<>();
    private final String absent;

    PoolState(ManagedChannel channel, long seed) {
        this.channel = channel;
        Random rnd = new Random(seed);
        for (int i = 0; i < COUNT; i++) {
            pools.add(new UUID(rnd.nextLong(), rnd.nextLong()).toString());
        }
        absent = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
    }

    /** The field values the mutator picks half of the time (field name, lower case, to values). */
    Map<String, List<String>> hints() {
        List<String> uuids = new ArrayList<>(pools);
        uuids.add(absent);
        return Map.ofEntries(
                Map.entry("uuid", uuids),
                Map.entry("sys", List.of(MgmtCalls.SYS)),
                Map.entry("system", List.of(MgmtCalls.SYS)),
                Map.entry("acl", List.of("A::OWNER@:rw", "A:G:GROUP@:rw", "A::EVERYONE@:r", "A::bob@:rw",
                        "D::mallory@:rwcdtTaAoO", "A:GI:admins@:r", "L::bob@:r", "A::bob@:", "A:G:GROUP@:rwx")),
                Map.entry("principal", List.of("OWNER@", "GROUP@", "EVERYONE@", "u:bob@", "g:admins@", "bob@",
                        "u:nobody@")),
                // the one property the node sets (weighted: a oneof's number often replaces the name)
                Map.entry("name", List.of("reclaim", "reclaim", "reclaim", "RECLAIM", "label", "space_rb")),
                Map.entry("strval", List.of("disabled", "lazy", "time", "time", "0")),
                Map.entry("numval", List.of("0", "1", "2")),
                Map.entry("user", List.of("root@", "bob@", "alice@example.com")),
                Map.entry("usergroup", List.of("root@", "admins@")),
                Map.entry("scmbytes", List.of(Long.toString(16L << 20), Long.toString(64L << 20),
                        Long.toString(256L << 20))),
                Map.entry("nvmebytes", List.of("0")),
                Map.entry("numsvcreps", List.of("1", "3")),
                Map.entry("ranks", List.of("0", "1")));
    }

    /**
     * Destroys the pools not of this state (force) and creates the missing ones; what failed
     * (empty: the node holds exactly these pools).
     */
    List<String> restore() {
        List<String> problems = new ArrayList<>();
        MgmtSvcGrpc.MgmtSvcBlockingStub stub = MgmtSvcGrpc.newBlockingStub(channel);
        try {
            ListPoolsResp listed = stub.withDeadlineAfter(CALL_S, TimeUnit.SECONDS)
                    .listPools(ListPoolsReq.newBuilder().setSys(MgmtCalls.SYS).build());
            Set<String> present = new TreeSet<>();
            listed.getPoolsList().forEach(p -> present.add(p.getUuid()));
            for (String uuid : present) {
                if (!pools.contains(uuid)) {
                    int s = stub.withDeadlineAfter(CALL_S, TimeUnit.SECONDS).poolDestroy(PoolDestroyReq.newBuilder()
                            .setUuid(uuid).setSys(MgmtCalls.SYS).setForce(true).build()).getStatus();
                    if (s != 0) {
                        problems.add("PoolDestroy of fuzzed pool " + uuid + ": status " + s);
                    }
                }
            }
            for (String uuid : pools) {
                if (!present.contains(uuid)) {
                    PoolCreateResp r = stub.withDeadlineAfter(CALL_S, TimeUnit.SECONDS)
                            .poolCreate(MgmtCalls.create(uuid, 16L << 20).build());
                    if (r.getStatus() != 0) {
                        problems.add("PoolCreate of " + uuid + ": status " + r.getStatus());
                    }
                }
            }
        } catch (StatusRuntimeException e) {
            problems.add("restoring the pools: " + e.getStatus());
        }
        return problems;
    }
}
