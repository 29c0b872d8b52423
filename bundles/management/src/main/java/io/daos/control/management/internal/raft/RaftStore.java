package io.daos.control.management.internal.raft;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage.StartupOption;

import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.Member;
import io.daos.control.management.internal.db.Result;
import io.daos.control.management.internal.db.SystemDb;
import io.daos.control.management.internal.db.SystemStore;

/**
 * The system DB on a Raft log (Apache Ratis, Netty transport), replicated over the group of the
 * access points: peer {@code i} (id {@code ms<i>}) is the i-th access point. The log and the
 * snapshots live under the directory given to {@link #open}, in a subdirectory named by the group
 * id, which is derived from the system name so that a restart finds them (it is formatted only
 * when missing).
 *
 * <p>Changes are submitted to the local server in process when it leads; otherwise through a Raft
 * client that finds and follows the leader. A change caught in a leadership change is applied
 * once: the client sends it again as the same invocation, and the leader's own path finds out
 * whether it went through before sending it again.
 * {@link #sync()} passes a linearizable read (the leader's read index, applied locally) before
 * answering the local state.
 *
 * <p>A group of one peer (one access point) opens as a leader: over an existing log it replays it,
 * then submits, as one command, the restart marking of {@link SystemDb#markRestarted()}: every member
 * not Stopped or Evicted becomes Stopped. A peer of a larger group opens without waiting for the
 * others and marks nothing (the members of a dead node are found by their missed pings).
 */
public final class RaftStore implements SystemStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RaftStore.class.getName());

    /** The one peer's id; stable, as the log records it. */
    static final RaftPeerId PEER_ID = peerId(0);
    /** How long {@link #open} waits for the peer to lead (one peer) or to replay its log (several). */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    /** How long {@link #close()} waits for the server to stop. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * How often to snapshot and how the log is cut.
     *
     * @param snapshotEvery  entries applied between automatic snapshots (and the purge gap)
     * @param snapshotsKept  snapshot files kept on disk
     * @param segmentBytes   the size at which a log segment is closed; only closed segments are purged
     */
    public record Tuning(long snapshotEvery, int snapshotsKept, long segmentBytes) {
        /** A snapshot every 1,000 entries, two kept, 1 MiB segments. */
        public static final Tuning DEFAULT = new Tuning(1000, 2, 1 << 20);

        /** Checks the bounds. */
        public Tuning {
            if (snapshotEvery < 1 || snapshotsKept < 1 || segmentBytes < 1024) {
                throw new IllegalArgumentException("tuning: snapshotEvery and snapshotsKept >= 1, segmentBytes >= 1024");
            }
        }
    }

    /**
     * The election timeouts: a follower that has heard nothing from the leader for a random time
     * between {@code electionMin} and {@code electionMax} starts an election (no pre-vote: see
     * {@link RaftConfig}; a peer cut off for that long deposes the leader once it is back). The leader sends
     * heartbeats every {@code electionMin / 2}. The other timeouts follow: a server or client request
     * waits {@link #requestTimeout()}, a client retries {@link #retryPause()} apart.
     *
     * <p>{@link #DEFAULT} is 1 s to 2 s. Losing the leader then costs 1 to 2 s of silence, a
     * vote (a few milliseconds on a LAN) and the new leader's first entry:
     * about 1.5 to 2.5 s in all, and even one split vote (a second random wait) stays under 5 s.
     * The other side: a heartbeat must be late by 1 s or more (the interval is 0.5 s) before anyone
     * stands, which covers the GC pauses and scheduling delays of a busy 2-core machine, so that
     * a slow leader is not deposed over and over. Ratis' own defaults (150 to 300 ms) are made for
     * dedicated servers and would flap there; the 5 s and more of some deployments leave the
     * system without a management service for too long.
     *
     * @param electionMin the shortest election timeout (at least 50 ms)
     * @param electionMax the longest, more than {@code electionMin}
     */
    public record Timing(Duration electionMin, Duration electionMax) {
        /** Elections after 1 to 2 s without the leader (see above). */
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(1), Duration.ofSeconds(2));

        /** Checks the bounds. */
        public Timing {
            if (electionMin.toMillis() < 50 || electionMax.compareTo(electionMin) <= 0
                    || electionMax.compareTo(SUBMIT_TIMEOUT) >= 0) {
                throw new IllegalArgumentException("timing: electionMin >= 50 ms, electionMin < electionMax < "
                        + SUBMIT_TIMEOUT.toSeconds() + " s");
            }
        }

        /** How long one server-to-server or client request waits: the sum of the two timeouts. */
        public Duration requestTimeout() {
            return electionMin.plus(electionMax);
        }

        /** The pause between a client's attempts at one change: a fifth of {@code electionMin}. */
        public Duration retryPause() {
            return electionMin.dividedBy(5);
        }
    }

    private final RaftServer server;
    private final RaftGroup group;
    private final List<RaftPeer> peers;
    private final int self;
    private final RaftPeerId selfId;
    private final Timing timing;
    private final DbStateMachine machine;
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callId = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LeaderClient leaderClient;
    private final List<Consumer<Leadership>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger reported = new AtomicInteger(-1);
    /** Completed (and replaced) at each leader event: what {@link #awaitLeader} waits on. */
    private final AtomicReference<CompletableFuture<Void>> leaderEvent =
            new AtomicReference<>(new CompletableFuture<>());
    private volatile RaftServer.Division division;

    private RaftStore(RaftServer server, RaftGroup group, List<RaftPeer> peers, int self, Timing timing,
            DbStateMachine machine) {
        this.server = server;
        this.group = group;
        this.peers = peers;
        this.self = self;
        this.selfId = peers.get(self).getId();
        this.timing = timing;
        this.machine = machine;
        this.leaderClient = new LeaderClient(group, timing, () -> leadership().leader());
        machine.onLeaderEvents(this::leaderEvent);
        machine.watchLocal(clientId);
    }

    /** {@link #open(Path, String, String, int, Tuning)} with {@link Tuning#DEFAULT}. */
    public static RaftStore open(Path dir, String systemName, String host, int port) throws IOException {
        return open(dir, systemName, host, port, Tuning.DEFAULT);
    }

    /**
     * Starts the one-peer group over {@code dir} (created if missing), listening on {@code host:port}
     * ({@code port} 0: a free port), and returns once the peer leads with the log applied and the
     * restart marking submitted.
     *
     * @throws IOException the directory is unusable (the message names it), the server did not start,
     *         or it did not become a ready leader within {@link #READY_TIMEOUT}
     */
    public static RaftStore open(Path dir, String systemName, String host, int port, Tuning tuning)
            throws IOException {
        int listen = RaftConfig.bindable(host, port);
        return open(dir, systemName, List.of(host + ":" + listen), 0, tuning, Timing.DEFAULT);
    }

    /**
     * Starts peer {@code self} of the group of {@code peers} over {@code dir} (created if missing).
     * One peer: as {@link #open(Path, String, String, int, Tuning)}. Several: returns once this
     * peer's server runs and has applied the log it holds, without waiting for the others.
     *
     * @param peers  the Raft addresses ({@code host:port}) of the access points, in order
     * @param self   this process's index in {@code peers}
     * @throws IOException the directory is unusable, the port cannot be bound, the server did not
     *         start, or (one peer) it did not become a ready leader within {@link #READY_TIMEOUT}
     */
    public static RaftStore open(Path dir, String systemName, List<String> peers, int self, Tuning tuning,
            Timing timing) throws IOException {
        if (peers.isEmpty() || self < 0 || self >= peers.size()) {
            throw new IllegalArgumentException("peer " + self + " of " + peers.size());
        }
        // Ratis looks its implementation classes up through the context class loader of the first
        // thread that touches it; the wrapper's activator normally does that first, but it starts
        // late (start level 65), so whoever opens the DB brings the wrapper's loader along
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(RaftServer.class.getClassLoader());
        try {
            return openWithRatisLoader(dir, systemName, peers, self, tuning, timing);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static RaftStore openWithRatisLoader(Path dir, String systemName, List<String> addresses, int self,
            Tuning tuning, Timing timing) throws IOException {
        RaftConfig.checkDir(dir);
        List<RaftPeer> peers = RaftConfig.peers(addresses);
        String address = addresses.get(self);
        String host = RaftConfig.host(address);
        int port = RaftConfig.port(address);
        if (addresses.size() > 1) {
            RaftConfig.bindable(host, port);   // one peer: the caller has just bound it
        }
        RaftGroup group = RaftGroup.valueOf(groupId(systemName), peers);
        DbStateMachine machine = new DbStateMachine();
        // the group's storage exists after the first start: recover it; format only a new one
        boolean known = Files.isDirectory(dir.resolve(group.getGroupId().getUuid().toString()));
        RaftServer server = RaftServer.newBuilder().setServerId(peerId(self)).setGroup(group)
                .setProperties(RaftConfig.server(dir, host, port, tuning, timing, peers.size() == 1))
                .setStateMachine(machine)
                .setOption(known ? StartupOption.RECOVER : StartupOption.FORMAT).build();
        RaftStore store = new RaftStore(server, group, List.copyOf(peers), self, timing, machine);
        String where = "system DB in " + dir + " on " + address;
        try {
            server.start();
            store.division = server.getDivision(group.getGroupId());
            if (peers.size() == 1) {
                machine.leaderReady().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                store.markRestarted();
            } else {
                long committed = store.division.getRaftLog().getLastCommittedIndex();
                if (!machine.awaitApplied(committed, READY_TIMEOUT)) {
                    throw new TimeoutException();
                }
                LOG.info("system DB: peer " + self + " (" + peerId(self) + ") of the group " + addresses
                        + ", log applied to " + committed);
            }
            return store;
        } catch (TimeoutException e) {
            store.close();
            throw new IOException(where + (peers.size() == 1 ? ": no ready leader" : ": log not replayed")
                    + " within " + READY_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            store.close();   // before the flag is set again, so that the close can wait for the server
            Thread.currentThread().interrupt();
            throw new IOException(where + ": interrupted while starting", e);
        } catch (ExecutionException | IOException | RuntimeException e) {
            store.close();
            throw new IOException(where + ": " + e.getMessage(), e);
        }
    }

    /** The group id of a system: a name-based UUID, the same on every start. */
    static RaftGroupId groupId(String systemName) {
        return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("daos-control system DB " + systemName)
                .getBytes(StandardCharsets.UTF_8)));
    }

    /** The id of peer {@code i}; stable, as the log records it. */
    static RaftPeerId peerId(int i) {
        return RaftPeerId.valueOf("ms" + i);
    }

    /**
     * Submits the members {@link SystemDb#markRestarted()} would stop as one {@link Command.UpdateStates}
     * (one log entry however many members there are); nothing when none would change.
     */
    private void markRestarted() {
        SystemDb now = view();
        SystemDb marked = SystemDb.restore(now.snapshot());
        marked.markRestarted();
        List<Command.UpdateState> changes = new ArrayList<>();
        for (Member m : marked.members()) {
            if (!now.member(m.rank()).orElseThrow().equals(m)) {
                changes.add(new Command.UpdateState(m.rank(), m.state(), m.reason()));
            }
        }
        if (!changes.isEmpty()) {
            submit(new Command.UpdateStates(changes));
        }
    }

    @Override
    public Result submit(Command command) {
        return submitEntry(command.encode());
    }

    /** Appends {@code data} as one log entry and answers the decoded reply (a test writes bad entries). */
    Result submitEntry(byte[] data) {
        if (closed.get()) {
            throw new StoreUnavailableException("closed", null);
        }
        long deadline = System.nanoTime() + SUBMIT_TIMEOUT.toNanos();
        RaftClientReply reply = null;
        if (peers.size() == 1 || leadership().isLeader()) {
            long call = callId.incrementAndGet();
            try {
                reply = local(RaftClientRequest.writeRequestType(), Message.valueOf(
                        org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(data)), call, deadline);
                if (peers.size() > 1 && !reply.isSuccess() && RaftConfig.notLeader(reply.getException())) {
                    Optional<Result> applied = appliedOnceLeaderChanged(call);
                    if (applied.isPresent()) {
                        return applied.get();
                    }
                    reply = null;
                }
            } finally {
                machine.localAnswer(call);
            }
        }
        if (reply == null) {
            // the Raft client sends a change again as the same invocation, which a new leader
            // answers from its retry cache if the change went through: never applied twice
            reply = leaderClient.send(data, deadline);
        }
        if (!reply.isSuccess()) {
            throw new StoreUnavailableException(String.valueOf(reply.getException()), reply.getException());
        }
        try {
            return Result.decode(reply.getMessage().getContent().toByteArray());
        } catch (IllegalArgumentException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        }
    }

    /**
     * Whether this peer's own change {@code call}, answered "not leader", went through all the same:
     * a leader that steps down answers so for the entries it has appended but not yet seen
     * committed, and the next leader may still commit them. Sending such a change again as a new
     * request applied it twice (a pool create answered -1013, a pool removal -1005: RaftGroupTest,
     * a change caught in a leadership change). So first a linearizable read through the leader
     * now: a ready leader has committed an entry of its own term, and with it every entry of an
     * earlier term that will ever be committed. Once this peer has applied that far, the change
     * was applied (its answer kept by the state machine) or never will be (sent again, safely).
     * A snapshot installed over the entry would hide its answer; this peer led a moment ago, so it
     * lags no leader by a snapshot's worth.
     *
     * @throws StoreUnavailableException no leader answered the read in time
     */
    private Optional<Result> appliedOnceLeaderChanged(long call) {
        sync();
        return machine.localAnswer(call);
    }

    /**
     * Submits one request, call {@code call} of this process's client id, to this process's server,
     * answering within {@code deadline} (nano time).
     */
    private RaftClientReply local(RaftClientRequest.Type type, Message message, long call, long deadline) {
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        RaftClientRequest request = RaftClientRequest.newBuilder().setClientId(clientId).setServerId(selfId)
                .setGroupId(group.getGroupId()).setCallId(call).setMessage(message)
                .setType(type).setTimeoutMs(left).build();
        try {
            return server.submitClientRequestAsync(request).get(left, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StoreUnavailableException(peers.size() == 1
                    ? "no answer within " + SUBMIT_TIMEOUT.toSeconds() + " s"
                    : "no leader with a majority answered within " + SUBMIT_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted", e);
        } catch (ExecutionException | IOException e) {
            throw new StoreUnavailableException(String.valueOf(e.getCause() != null ? e.getCause() : e), e);
        }
    }

    @Override
    public SystemDb view() {
        return machine.db();
    }

    /**
     * The applied state after a linearizable read through this server: with several peers the
     * leader confirms its commit index with a majority and this peer applies up to
     * it. One peer: every acknowledged change is already applied here, so this is {@link #view()}.
     */
    @Override
    public SystemDb sync() {
        if (closed.get()) {
            throw new StoreUnavailableException("closed", null);
        }
        if (peers.size() == 1) {
            return view();
        }
        long deadline = System.nanoTime() + SUBMIT_TIMEOUT.toNanos();
        Throwable last = null;
        while (!closed.get()) {
            CompletableFuture<Void> event = leaderEvent.get();
            Leadership known = awaitLeader(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (known.leader() < 0) {
                break;
            }
            try {
                RaftClientReply reply = known.isLeader()
                        ? local(RaftClientRequest.readRequestType(), Message.EMPTY, callId.incrementAndGet(), deadline)
                        : leaderClient.read(known.leader(), Math.min(deadline,
                                System.nanoTime() + timing.requestTimeout().toNanos()));
                if (reply.isSuccess()) {
                    long index = java.nio.ByteBuffer.wrap(reply.getMessage().getContent().toByteArray()).getLong();
                    if (machine.awaitApplied(index, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                        return view();
                    }
                    break;
                }
                last = reply.getException();
            } catch (StoreUnavailableException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException("interrupted", e);
            }
            // the peer asked no longer leads or does not answer: try again at the next leader event
            long left = deadline - System.nanoTime();
            if (left <= 0 || !RaftConfig.awaitEvent(event, Math.min(left, timing.retryPause().toNanos()))) {
                break;
            }
        }
        throw noRead(last);
    }

    private static StoreUnavailableException noRead(Throwable cause) {
        return new StoreUnavailableException("no leader with a majority confirmed a read within "
                + SUBMIT_TIMEOUT.toSeconds() + " s" + (cause == null ? "" : ": " + cause), cause);
    }

    @Override
    public String state() {
        RaftServer.Division d = division;
        return d == null ? "not started" : RaftConfig.describe(d.getInfo());
    }

    @Override
    public Leadership leadership() {
        RaftServer.Division d = division;
        if (d == null) {
            return new Leadership(self, -1, peers.size(), 0);
        }
        DivisionInfo info = d.getInfo();
        long term = info.getCurrentTerm();
        int leader = index(info.getLeaderId());
        if (leader == self && !(info.isLeader() && (info.isLeaderReady() || machine.readyTerm() == term))) {
            leader = -1;   // elected, but its first entry of the term is not applied yet
        }
        return new Leadership(self, leader, peers.size(), term);
    }

    private int index(RaftPeerId id) {
        for (int i = 0; id != null && i < peers.size(); i++) {
            if (peers.get(i).getId().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Leadership awaitLeader(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            CompletableFuture<Void> event = leaderEvent.get();
            Leadership now = leadership();
            long left = deadline - System.nanoTime();
            if (now.leader() >= 0 || left <= 0 || closed.get() || !RaftConfig.awaitEvent(event, left)) {
                return now.leader() >= 0 ? now : leadership();
            }
        }
    }

    @Override
    public void onLeaderChange(Consumer<Leadership> listener) {
        listeners.add(listener);
    }

    /** On a Ratis thread, after a change of leader or leader-ready: wakes the waiters, tells the listeners. */
    private void leaderEvent() {
        leaderEvent.getAndSet(new CompletableFuture<>()).complete(null);
        Leadership now = leadership();
        if (reported.getAndSet(now.leader()) == now.leader()) {
            return;
        }
        for (Consumer<Leadership> l : listeners) {
            try {
                l.accept(now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "system DB: a leader-change listener failed: " + e);
            }
        }
    }

    /** The state machine (for tests). */
    DbStateMachine machine() {
        return machine;
    }

    /** The address this peer listens on ({@code host:port}). */
    public String address() {
        return peers.get(self).getAddress();
    }

    /**
     * Stops the client and the server and every thread they started; waits at most
     * {@link #CLOSE_TIMEOUT}, logging a warning if the server has not stopped by then. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        leaderEvent.get().complete(null);
        Thread closer = new Thread(() -> {
            leaderClient.close();
            try {
                server.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "system DB: closing the Raft server failed: " + e);
            }
        }, "system-db-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.warning("system DB: the Raft server did not stop within " + CLOSE_TIMEOUT.toSeconds() + " s");
        }
    }
}
