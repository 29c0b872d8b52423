package io.daos.control.management.internal.raft;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;

import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

import io.daos.control.management.internal.db.SystemStore;

/** The Ratis settings of a {@link RaftStore}: its server's and its client's, and the checks made before starting. */
final class RaftConfig {

    /** The log's direct write buffer: many entries, as the largest is well under 1 KiB. */
    static final int WRITE_BUFFER = 256 << 10;

    private RaftConfig() {
    }

    /** Creates {@code dir} if missing; a clear error if it cannot be used. */
    static void checkDir(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("system DB dir " + dir + " is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("system DB dir " + dir + " cannot be created: " + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new IOException("system DB dir " + dir + " is not writable");
        }
    }

    /**
     * The port to listen on: {@code port}, or a free one for 0. Binding it first turns a port in use
     * into a clear error before the server starts (a Ratis server whose transport fails to bind
     * does not stop all the threads its start began). The check binds a socket that does not
     * listen ({@link #probe}).
     */
    static int bindable(String host, int port) throws IOException {
        try (Socket s = probe(host, port)) {
            return s.getLocalPort();
        }
    }

    /**
     * A socket bound to {@code host:port} (0: a free port) as the server's would be (address reuse
     * on), that does not listen: a peer connecting meanwhile is refused, as before and after. A
     * {@link ServerSocket} would listen: the leader's appender, reconnecting every few tens of ms
     * to a restarted peer, could have its connection accepted and then reset when the check
     * closed it, and Ratis 3.3.0's Netty client does not recover from a reset in the middle of its
     * connect (NullPointerException, then "ILLEGAL TRANSITION ... CLOSED -> RUNNING"): that leader
     * restarted its appender for the peer in a loop and never reached it again (MultiApIT, 42 s
     * without a leader on the restarted peer, 11,682 appender restarts).
     */
    static Socket probe(String host, int port) throws IOException {
        Socket s = new Socket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
            return s;
        } catch (IOException e) {
            s.close();
            throw new IOException("system DB port " + host + ":" + port + " cannot be bound: " + e.getMessage(), e);
        }
    }

    /** The host of a peer's {@code host:port}. */
    static String host(String address) throws IOException {
        return address.substring(0, colon(address));
    }

    /** The port of a peer's {@code host:port}. */
    static int port(String address) throws IOException {
        try {
            return Integer.parseInt(address.substring(colon(address) + 1));
        } catch (NumberFormatException e) {
            throw new IOException("system DB peer address " + address + " is not host:port", e);
        }
    }

    private static int colon(String address) throws IOException {
        int colon = address.lastIndexOf(':');
        if (colon < 1) {
            throw new IOException("system DB peer address " + address + " is not host:port");
        }
        return colon;
    }

    /**
     * The server's settings: Netty on {@code host:port}, storage in {@code dir}, the given tuning;
     * the timing and the linearizable reads only for a group of several peers (a group of one keeps
     * Ratis' defaults, as it always had: it elects itself with no one to disagree).
     */
    static RaftProperties server(Path dir, String host, int port, RaftStore.Tuning tuning, RaftStore.Timing timing,
            boolean single) {
        RaftProperties props = new RaftProperties();
        RaftConfigKeys.Rpc.setType(props, SupportedRpcType.NETTY);
        NettyConfigKeys.Server.setHost(props, host);
        NettyConfigKeys.Server.setPort(props, port);
        RaftServerConfigKeys.setStorageDir(props, List.of(dir.toFile()));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, tuning.snapshotEvery());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(props, tuning.snapshotsKept());
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
        RaftServerConfigKeys.Log.setPurgeGap(props, (int) Math.min(Integer.MAX_VALUE, tuning.snapshotEvery()));
        RaftServerConfigKeys.Log.setSegmentSizeMax(props, SizeInBytes.valueOf(tuning.segmentBytes()));
        // entries are commands of well under 1 KiB: Ratis's defaults (an 8 MiB direct write buffer,
        // 4 MiB appender batches and preallocation) would cost a third of the server's memory
        RaftServerConfigKeys.Log.setWriteBufferSize(props, SizeInBytes.valueOf(WRITE_BUFFER));
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(props, SizeInBytes.valueOf(WRITE_BUFFER / 2));
        RaftServerConfigKeys.Log.setPreallocatedSize(props, SizeInBytes.valueOf(
                Math.min(tuning.segmentBytes(), WRITE_BUFFER)));
        // a follower far behind (its entries purged) gets the leader's snapshot files
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(props, true);
        if (single) {
            return props;
        }

        RaftServerConfigKeys.Rpc.setTimeoutMin(props, duration(timing.electionMin()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(props, duration(timing.electionMax()));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(props, duration(timing.electionMin()));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(props, duration(timing.electionMax()));
        RaftServerConfigKeys.Rpc.setRequestTimeout(props, duration(timing.requestTimeout()));
        // No pre-vote: a peer that hears no leader for an election timeout stands at once, with a
        // higher term. Ratis 3.3.0's Netty client may never reconnect to a peer whose connection
        // was reset (a peer killed in the handshake): that peer, restarted, heard nothing, its
        // pre-votes were refused by the peers that still heard the leader, and it knew no leader
        // until leadership changed (ResetPeerTest: 4 of 12 runs). Standing makes that change: the
        // new leader's connections are fresh. The price: a peer cut off for an election timeout
        // deposes the leader once when it is back (one election, 1 to 2 s with the default timing).
        RaftServerConfigKeys.LeaderElection.setPreVote(props, false);
        // reads (the barrier of sync) ask the leader for its commit index. The leader answers from
        // its lease while a majority acknowledged it within 0.9 electionMin: no follower stands
        // for election before electionMin without hearing from it, so no other leader can exist
        // then and the read is still linearizable. Without the lease every barrier waited for a
        // heartbeat round, up to 0.5 s (measured: Join p99 520 ms, 8 joins/s on three peers)
        RaftServerConfigKeys.Read.setOption(props, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setLeaderLeaseEnabled(props, true);
        RaftServerConfigKeys.Read.setLeaderLeaseTimeoutRatio(props, LEASE_RATIO);
        RaftServerConfigKeys.Read.setTimeout(props, duration(timing.requestTimeout()));
        return props;
    }

    /** The leader's lease, as a fraction of electionMin. */
    static final double LEASE_RATIO = 0.9;

    /** The settings of the client that sends a follower's changes to the leader. */
    static RaftProperties client(RaftStore.Timing timing) {
        RaftProperties props = new RaftProperties();
        RaftConfigKeys.Rpc.setType(props, SupportedRpcType.NETTY);
        RaftClientConfigKeys.Rpc.setRequestTimeout(props, duration(timing.requestTimeout()));
        return props;
    }

    /** How many times, {@link RaftStore.Timing#retryPause()} apart, the client tries one change. */
    static int clientAttempts(RaftStore.Timing timing) {
        return (int) Math.max(1, SystemStore.SUBMIT_TIMEOUT.toMillis() / timing.retryPause().toMillis());
    }

    /** Waits at most {@code nanos} for {@code event}; false if interrupted. */
    static boolean awaitEvent(CompletableFuture<Void> event, long nanos) {
        try {
            event.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the time is up or the event came: the caller looks again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    /** The peers of the group: peer i has id {@code ms<i>} and the i-th address. */
    static List<RaftPeer> peers(List<String> addresses) {
        List<RaftPeer> peers = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            peers.add(RaftPeer.newBuilder().setId(RaftStore.peerId(i)).setAddress(addresses.get(i)).build());
        }
        return peers;
    }

    static TimeDuration duration(Duration d) {
        return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * What a replica knows of its group, for a message: its role and term, how long it has held
     * that role, and when it last heard from the leader it follows (or, a candidate, from any).
     */
    static String describe(DivisionInfo info) {
        RoleInfoProto role = info.getRoleInfoProto();
        StringBuilder b = new StringBuilder(info.getCurrentRole().name().toLowerCase(Locale.ROOT))
                .append(" in term ").append(info.getCurrentTerm())
                .append(" for ").append(role.getRoleElapsedTimeMs()).append(" ms");
        if (role.hasFollowerInfo() && !role.getFollowerInfo().getLeaderInfo().hasId()) {
            // Ratis gives a follower that knows no leader an empty leader entry, its time 0
            b.append(", knowing no leader");
        } else if (role.hasFollowerInfo()) {
            b.append(", last heard from a leader ").append(role.getFollowerInfo().getLeaderInfo()
                    .getLastRpcElapsedTimeMs()).append(" ms ago");
        } else if (role.hasCandidateInfo()) {
            b.append(", last heard from a leader ").append(role.getCandidateInfo().getLastLeaderElapsedTimeMs())
                    .append(" ms ago");
        }
        return b.toString();
    }

    /** Whether a failed request's exception says the peer asked does not lead (or is not ready to). */
    static boolean notLeader(Throwable e) {
        return e instanceof NotLeaderException || e instanceof LeaderNotReadyException;
    }
}
