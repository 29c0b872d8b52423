package io.daos.control.management.internal.raft;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

import io.daos.control.management.internal.db.SystemStore;
import io.daos.control.management.internal.db.SystemStore.StoreUnavailableException;

/**
 * How a peer that does not lead sends a change to the one that does: a Ratis client (Netty) made
 * on first use, which finds the leader and follows it when it changes. Each change is tried
 * {@link RaftConfig#clientAttempts} times {@link RaftStore.Timing#retryPause()} apart, and waited
 * for at most until the caller's deadline; it is never retried for ever.
 */
final class LeaderClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaderClient.class.getName());

    private final RaftGroup group;
    private final RaftStore.Timing timing;
    private final IntSupplier leader;
    private RaftClient client;
    private boolean closed;

    /** For {@code group}; {@code leader} answers the leader's peer index known now (-1 none). */
    LeaderClient(RaftGroup group, RaftStore.Timing timing, IntSupplier leader) {
        this.group = group;
        this.timing = timing;
        this.leader = leader;
    }

    /**
     * Sends {@code data} as one change and answers the leader's reply, by {@code deadline} (nano time).
     *
     * @throws StoreUnavailableException no leader took it in time, or this client is closed
     */
    RaftClientReply send(byte[] data, long deadline) {
        return await(client().async().send(Message.valueOf(ByteString.copyFrom(data))), "took the change", deadline);
    }

    /**
     * Asks peer {@code leader} for a linearizable read, by {@code deadline} (nano time); its state
     * machine answers its applied index. Addressed to the leader, not left to the client's choice:
     * a follower would try a read index of its own, which the Netty transport cannot ask.
     *
     * @throws StoreUnavailableException no answer in time, or this client is closed
     */
    RaftClientReply read(int leader, long deadline) {
        return await(client().async().sendReadOnly(Message.EMPTY, RaftStore.peerId(leader)),
                "confirmed a read", deadline);
    }

    private static RaftClientReply await(CompletableFuture<RaftClientReply> sent, String what, long deadline) {
        try {
            return sent.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            sent.cancel(false);
            throw new StoreUnavailableException("no leader with a majority " + what + " within "
                    + SystemStore.SUBMIT_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            sent.cancel(false);
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted", e);
        } catch (ExecutionException e) {
            throw new StoreUnavailableException("no leader " + what + ": " + e.getCause(), e.getCause());
        }
    }

    private synchronized RaftClient client() {
        if (closed) {
            throw new StoreUnavailableException("closed", null);
        }
        if (client == null) {
            // as for the server: Ratis finds its transport through the context class loader
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(RaftServer.class.getClassLoader());
            try {
                RaftClient.Builder b = RaftClient.newBuilder().setRaftGroup(group)
                        .setProperties(RaftConfig.client(timing))
                        .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                                RaftConfig.clientAttempts(timing), RaftConfig.duration(timing.retryPause())));
                int known = leader.getAsInt();
                if (known >= 0) {
                    b.setLeaderId(RaftStore.peerId(known));
                }
                client = b.build();
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
        return client;
    }

    /** Closes the client if one was made; later sends fail. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            try {
                client.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "system DB: closing the Raft client failed: " + e);
            }
            client = null;
        }
    }
}
