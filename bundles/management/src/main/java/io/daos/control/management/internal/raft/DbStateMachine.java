package io.daos.control.management.internal.raft;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.log.RateLimitedLog;
import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.Result;
import io.daos.control.management.internal.db.SystemDb;

/**
 * The system DB as a Ratis state machine. Each log entry carries one {@link Command#encode()};
 * applying it answers the {@link Result#encode()} of {@link SystemDb#apply}. An entry that does not
 * decode is answered {@link Der#PROTO} and changes nothing, so one bad entry cannot stop the log.
 *
 * <p>A snapshot is one file, {@link SystemDb#snapshot()} bytes, named by Ratis'
 * {@link SimpleStateMachineStorage} after the term and index it covers (with its MD5 beside it).
 * Starting up loads the latest one as it was; the log after it is replayed by Ratis. Marking the
 * members of a restarted system Stopped is not done here but by {@link RaftStore}, through the
 * log, so that every replica agrees. A follower that fell behind the leader's purged log gets the
 * leader's snapshot file installed by Ratis and {@link #reinitialize()} loads it.
 *
 * <p>A read query (the linearizable barrier of {@link RaftStore#sync()}) is answered, once Ratis has
 * applied up to the leader's read index, with the applied index (8 bytes, big-endian); a follower
 * that asked the leader waits until it has applied as far, and then reads {@link #db()}.
 */
final class DbStateMachine extends BaseStateMachine {

    private static final Logger LOG = Logger.getLogger(DbStateMachine.class.getName());

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final RateLimitedLog badEntries = new RateLimitedLog(LOG);
    private final CompletableFuture<Void> leaderReady = new CompletableFuture<>();
    private volatile SystemDb db = new SystemDb();
    /** The term in which this peer last became a ready leader, -1 before. */
    private volatile long readyTerm = -1;
    private final Object appliedLock = new Object();
    private final java.util.concurrent.atomic.AtomicInteger reloads = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Runnable leaderEvents = () -> { };
    /** The client id of the changes this process submits to its own server ({@link #watchLocal}). */
    private volatile ByteString localClient;
    /**
     * The answers to those changes, by call id, as this peer applied them, until the submitter
     * collects them ({@link #localAnswer}); at most {@value #LOCAL_ANSWERS} (a submitter that gave
     * up never collects its own).
     */
    private final java.util.Map<Long, Result> localAnswers = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Long, Result> eldest) {
            return size() > LOCAL_ANSWERS;
        }
    };
    private static final int LOCAL_ANSWERS = 1024;

    /** The state applied so far (replaced only when a snapshot is loaded). */
    SystemDb db() {
        return db;
    }

    /** Completes once this peer leads and has applied its first entry of the term. */
    CompletableFuture<Void> leaderReady() {
        return leaderReady;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        load(storage.loadLatestSnapshot());
        // RUNNING, so that a snapshot install can pause it (Ratis checks the life cycle)
        getLifeCycle().transition(LifeCycle.State.STARTING);
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    /** Before Ratis installs a snapshot sent by the leader; it then calls {@link #reinitialize()}. */
    @Override
    public void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    /** Called by Ratis after it installed a snapshot sent by the leader: the state becomes that snapshot. */
    @Override
    public void reinitialize() throws IOException {
        load(storage.loadLatestSnapshot());
        reloads.incrementAndGet();
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    /** How many times {@link #reinitialize()} loaded a snapshot (a test sees a catch-up by snapshot). */
    int reloads() {
        return reloads.get();
    }

    private void load(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            return;
        }
        File file = snapshot.getFile().getPath().toFile();
        if (snapshot.getFile().getFileDigest() != null) {
            MD5FileUtil.verifySavedMD5(file, snapshot.getFile().getFileDigest());
        }
        try {
            db = SystemDb.restore(Files.readAllBytes(file.toPath()));
        } catch (IllegalArgumentException e) {
            throw new IOException("system DB snapshot " + file + ": " + e.getMessage(), e);
        }
        setLastAppliedTermIndex(snapshot.getTermIndex());
        synchronized (appliedLock) {
            appliedLock.notifyAll();
        }
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public long takeSnapshot() throws IOException {
        // Ratis calls this on the thread that applies entries, so the state matches the index
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() < 0) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        File tmp = new File(file.getParentFile(), file.getName() + ".tmp");
        Files.write(tmp.toPath(), db.snapshot());
        Files.move(tmp.toPath(), file.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(
                new FileInfo(file.toPath(), MD5FileUtil.computeAndSaveMd5ForFile(file)), last));
        return last.getIndex();
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        Result result;
        try {
            Command command = Command.decode(entry.getStateMachineLogEntry().getLogData().toByteArray());
            result = db.apply(command);
        } catch (IllegalArgumentException e) {
            badEntries.warning("undecodable", () -> "system DB log entry " + entry.getIndex()
                    + " is not a command, answered DER_PROTO: " + e.getMessage());
            result = Result.error(Der.PROTO, db.mapVersion());
        }
        ByteString local = localClient;
        if (local != null && local.equals(entry.getStateMachineLogEntry().getClientId())) {
            synchronized (localAnswers) {
                localAnswers.put(entry.getStateMachineLogEntry().getCallId(), result);
            }
        }
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        return CompletableFuture.completedFuture(Message.valueOf(
                ByteString.copyFrom(result.encode())));
    }

    /** Keeps the answers to the changes of client {@code id} (this process's own) for {@link #localAnswer}. */
    void watchLocal(org.apache.ratis.protocol.ClientId id) {
        localClient = id.toByteString();
    }

    /** The answer this peer applied to its own change {@code callId}, if it applied it; forgotten once asked. */
    java.util.Optional<Result> localAnswer(long callId) {
        synchronized (localAnswers) {
            return java.util.Optional.ofNullable(localAnswers.remove(callId));
        }
    }

    /**
     * Waits until the applied index reaches {@code index} or {@code max} passes; answers whether it
     * did.
     */
    boolean awaitApplied(long index, java.time.Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        synchronized (appliedLock) {
            while (appliedIndex() < index) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(appliedLock, left);
            }
            return true;
        }
    }

    private long appliedIndex() {
        TermIndex last = getLastAppliedTermIndex();
        return last == null ? -1 : last.getIndex();
    }

    @Override
    protected boolean updateLastAppliedTermIndex(long term, long index) {
        boolean updated = super.updateLastAppliedTermIndex(term, index);
        synchronized (appliedLock) {
            appliedLock.notifyAll();
        }
        return updated;
    }

    @Override
    protected boolean updateLastAppliedTermIndex(TermIndex termIndex) {
        boolean updated = super.updateLastAppliedTermIndex(termIndex);
        synchronized (appliedLock) {
            appliedLock.notifyAll();
        }
        return updated;
    }

    /** The term in which this peer last applied the first entry of its leadership, -1 if never. */
    long readyTerm() {
        return readyTerm;
    }

    /** Runs {@code events} (on a Ratis thread) after each change of leader and each leader-ready. */
    void onLeaderEvents(Runnable events) {
        leaderEvents = events;
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        return CompletableFuture.completedFuture(Message.valueOf(
                ByteString.copyFrom(java.nio.ByteBuffer.allocate(Long.BYTES).putLong(0, appliedIndex()))));
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeader) {
        leaderEvents.run();
    }

    @Override
    public void notifyLeaderReady() {
        TermIndex last = getLastAppliedTermIndex();
        readyTerm = last == null ? -1 : last.getTerm();
        leaderReady.complete(null);
        leaderEvents.run();
    }
}
