package io.daos.control.management.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.client.PeerClient;
import io.daos.control.api.drpc.Der;
import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.harness.LocalInstance;
import io.daos.control.api.log.RateLimitedLog;
import io.daos.control.api.net.HostPort;
import io.daos.control.management.internal.db.Member;
import io.daos.control.management.internal.db.SystemStore;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.daos.control.proto.mgmt.PoolDestroyResp;

/**
 * The emulated data plane of the pools: a pool's state (properties, ACL, owner, containers) lives
 * on the engines of its service replica ranks, and its pool-service dRPC methods go there. The
 * engine of replica rank {@code r} is called directly when it is a local instance of this server
 * ({@link Harness#callInstance}), else through the control server the member {@code r} joined
 * from ({@link PeerClient#engineCall}), as CaRT would carry the call in DAOS. Each call to one
 * replica is bounded by the replica timeout, so that a dead or stopped replica delays a method by
 * at most that long and never hangs it.
 *
 * <p>Reads take the first replica (in replica order) that answers; writes go to every replica
 * that can be reached and answer what the first of them answered. When no replica can be reached
 * the answer is {@value Der#TIMEDOUT} (DER_TIMEDOUT), what the reference's pool-service client
 * ends with when no replica answers. A replica that missed a write stays stale: the real data plane
 * replicates a pool service with its own Raft, which the emulation does not have.
 */
final class PoolReplicas {

    /** How long one call to one replica may take by default. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(PoolReplicas.class.getName());

    private final SystemStore store;
    private final Supplier<Harness> harness;
    private final Supplier<PeerClient> peers;
    private final String system;
    private final Duration timeout;
    private final RateLimitedLog rateLimited = new RateLimitedLog(LOG);

    /**
     * @param store   where the members' control addresses are looked up
     * @param harness the local instances (null while there is none)
     * @param peers   the client for the other control servers (null while there is none: remote
     *                replicas are then unreachable)
     * @param system  this server's system name, sent with every peer call
     * @param timeout the bound of one call to one replica
     */
    PoolReplicas(SystemStore store, Supplier<Harness> harness, Supplier<PeerClient> peers, String system,
            Duration timeout) {
        this.store = store;
        this.harness = harness;
        this.peers = peers;
        this.system = system;
        this.timeout = timeout;
    }

    /** What one replica gave: its reply decoded, or why there is none. */
    record Outcome<R>(long rank, R reply, String failure) {
        boolean answered() {
            return failure == null;
        }
    }

    /** One call of {@code method} to the engine of replica {@code rank}; a failure is returned, never thrown. */
    <R> Outcome<R> call(long rank, int method, MessageLite req, Parser<R> parser) {
        String failure;
        try {
            byte[] body = raw(rank, method, req.toByteArray());
            return new Outcome<>(rank, parser.parseFrom(body), null);
        } catch (InvalidProtocolBufferException e) {
            failure = "reply does not decode: " + e.getMessage();
        } catch (FaultException e) {
            failure = e.fault().description();
        } catch (IOException | DrpcException | ClientException | RuntimeException e) {
            failure = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        return new Outcome<>(rank, null, failure);
    }

    private byte[] raw(long rank, int method, byte[] body) throws FaultException, IOException, DrpcException,
            ClientException, InterruptedException {
        Harness h = harness.get();
        if (h != null) {
            for (LocalInstance li : h.localInstances()) {
                if (li.rank() != null && li.rank().value() == rank) {
                    return h.callInstance(li.index(), method, body, timeout);
                }
            }
        }
        Optional<Member> m = store.view().member(rank);
        if (m.isEmpty()) {
            throw new IOException("rank " + rank + " is not a member of the system");
        }
        PeerClient p = peers.get();
        if (p == null) {
            throw new IOException("no client for the control server of rank " + rank);
        }
        return p.engineCall(HostPort.parse(m.get().addr()), (int) rank, method, body, system, timeout);
    }

    /**
     * {@code req} sent as {@code method} to the pool {@code uuidText} names when the DB has it
     * Ready or Destroying ({@link PoolLookup}): to its first replica that answers, or, for a
     * {@code write}, to every replica ({@link #first}, {@link #all}); else {@code status} of what
     * the lookup gave, without a call.
     */
    <R> R toPool(String uuidText, boolean write, int method, MessageLite req, Parser<R> parser, String op,
            IntFunction<R> status) {
        PoolLookup.Found f = PoolLookup.find(store, uuidText);
        if (f.status() != Der.SUCCESS) {
            return status.apply(f.status());
        }
        return write ? all(f.replicas(), method, req, parser, op, status)
                : first(f.replicas(), method, req, parser, op, status);
    }

    /**
     * A read: the reply of the first of {@code ranks} that answers, the later ones not called; none
     * answering, {@code status} of {@value Der#TIMEDOUT}.
     */
    <R> R first(List<Long> ranks, int method, MessageLite req, Parser<R> parser, String op, IntFunction<R> status) {
        for (long r : ranks) {
            Outcome<R> o = call(r, method, req, parser);
            if (o.answered()) {
                return o.reply();
            }
            unreached(op, o);
        }
        return status.apply(Der.TIMEDOUT);
    }

    /**
     * A write: sent to every one of {@code ranks} in order; the answer of the first that answers,
     * or {@code status} of {@value Der#TIMEDOUT} when none does. Replicas that could not be
     * reached are logged (rate-limited).
     */
    <R> R all(List<Long> ranks, int method, MessageLite req, Parser<R> parser, String op, IntFunction<R> status) {
        R answer = null;
        for (Outcome<R> o : each(ranks, method, req, parser, op)) {
            if (answer == null && o.answered()) {
                answer = o.reply();
            }
        }
        return answer != null ? answer : status.apply(Der.TIMEDOUT);
    }

    /** {@code method} sent to every one of {@code ranks}, in order; what each gave, failures logged. */
    <R> List<Outcome<R>> each(List<Long> ranks, int method, MessageLite req, Parser<R> parser, String op) {
        List<Outcome<R>> out = new ArrayList<>();
        for (long r : ranks) {
            Outcome<R> o = call(r, method, req, parser);
            if (!o.answered()) {
                unreached(op, o);
            }
            out.add(o);
        }
        return out;
    }

    /**
     * PoolDestroy of {@code uuid} sent with {@code req} to every one of {@code ranks}.
     *
     * @return {@link Der#SUCCESS} when every replica answered 0 or {@link Der#NONEXIST} and one at
     *         least 0, {@link Der#NONEXIST} when every one answered that; both mean the pool is gone
     *         from the data plane ({@link #gone}). Else the first other status a replica answered,
     *         else (only unreachable replicas left) {@value Der#TIMEDOUT}.
     */
    int destroy(UUID uuid, PoolDestroyReq req, List<Long> ranks) {
        int failed = Der.SUCCESS;
        boolean unreached = false;
        boolean destroyed = false;
        for (Outcome<PoolDestroyResp> o : each(ranks, DrpcIds.MGMT_POOL_DESTROY, req, PoolDestroyResp.parser(),
                "PoolDestroy " + uuid)) {
            int s = o.answered() ? o.reply().getStatus() : Der.TIMEDOUT;
            destroyed |= s == Der.SUCCESS;
            if (s == Der.TIMEDOUT && !o.answered()) {
                unreached = true;
            } else if (!gone(s) && failed == Der.SUCCESS) {
                failed = s;
            }
        }
        if (failed != Der.SUCCESS) {
            return failed;
        }
        return unreached ? Der.TIMEDOUT : destroyed ? Der.SUCCESS : Der.NONEXIST;
    }

    /** Whether a {@link #destroy} status says the pool is gone from the data plane. */
    static boolean gone(int status) {
        return status == Der.SUCCESS || status == Der.NONEXIST;
    }

    /**
     * A destroy request for {@code uuid} as the control plane makes it itself: forced when it
     * undoes a create of its own, not when it finishes a destroy someone asked for.
     */
    static PoolDestroyReq destroyRequest(UUID uuid, boolean force) {
        return PoolDestroyReq.newBuilder().setUuid(uuid.toString()).setForce(force).build();
    }

    private void unreached(String op, Outcome<?> o) {
        rateLimited.log(Level.WARNING, "unreached-" + o.rank(), () -> op + ": pool service replica rank "
                + o.rank() + " did not answer (" + o.failure() + ")");
    }
}
