package io.daos.control.management.internal.raft;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage.StartupOption;
import org.apache.ratis.util.SizeInBytes;

import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.Member;
import io.daos.control.management.internal.db.Result;
import io.daos.control.management.internal.db.SystemDb;
import io.daos.control.management.internal.db.SystemStore;

/**
 * The system DB on a Raft log (Apache Ratis, Netty transport): for now a group of one peer, this
 * process. The log and the snapshots live under the directory given to {@link #open}, in a
 * subdirectory named by the group id, which is derived from the system name so that a restart
 * finds them. Changes are submitted to the server in process (no client, no loopback socket).
 *
 * <p>Opening over an existing log replays it, then submits, as commands, the restart marking of
 * {@link SystemDb#markRestarted()}: every member not Stopped or Evicted becomes Stopped.
 */
public final class RaftStore implements SystemStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RaftStore.class.getName());

    /** The log's direct write buffer: many entries, as the largest is well under 1 KiB. */
    static final int WRITE_BUFFER = 256 << 10;

    /** The one peer's id; stable, as the log records it. */
    static final RaftPeerId PEER_ID = RaftPeerId.valueOf("ms0");
    /** How long {@link #open} waits for the peer to lead with its log applied. */
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

    private final RaftServer server;
    private final RaftGroup group;
    private final DbStateMachine machine;
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callId = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    private RaftStore(RaftServer server, RaftGroup group, DbStateMachine machine) {
        this.server = server;
        this.group = group;
        this.machine = machine;
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
        // Ratis looks its implementation classes up through the context class loader of the first
        // thread that touches it; the wrapper's activator normally does that first, but it starts
        // late (start level 65), so whoever opens the DB brings the wrapper's loader along
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(RaftServer.class.getClassLoader());
        try {
            return openWithRatisLoader(dir, systemName, host, port, tuning);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static RaftStore openWithRatisLoader(Path dir, String systemName, String host, int port, Tuning tuning)
            throws IOException {
        checkDir(dir);
        int listen = bindable(host, port);
        RaftProperties props = properties(dir, host, listen, tuning);
        RaftPeer peer = RaftPeer.newBuilder().setId(PEER_ID).setAddress(host + ":" + listen).build();
        RaftGroup group = RaftGroup.valueOf(groupId(systemName), peer);
        DbStateMachine machine = new DbStateMachine();
        // the group's storage exists after the first start: recover it; format only a new one
        boolean known = Files.isDirectory(dir.resolve(group.getGroupId().getUuid().toString()));
        RaftServer server = RaftServer.newBuilder().setServerId(PEER_ID).setGroup(group).setProperties(props)
                .setStateMachine(machine).setOption(known ? StartupOption.RECOVER : StartupOption.FORMAT).build();
        RaftStore store = new RaftStore(server, group, machine);
        String where = "system DB in " + dir + " on " + peer.getAddress();
        try {
            server.start();
            machine.leaderReady().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            store.markRestarted();
            return store;
        } catch (TimeoutException e) {
            store.close();
            throw new IOException(where + ": no ready leader within " + READY_TIMEOUT.toSeconds() + " s", e);
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

    private static void checkDir(Path dir) throws IOException {
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
     * does not stop all the threads its start began).
     */
    private static int bindable(String host, int port) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(host, port));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IOException("system DB port " + host + ":" + port + " cannot be bound: " + e.getMessage(), e);
        }
    }

    private static RaftProperties properties(Path dir, String host, int port, Tuning tuning) {
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
        return props;
    }

    /** Submits, for every member {@link SystemDb#markRestarted()} would stop, that change as a command. */
    private void markRestarted() {
        SystemDb now = view();
        SystemDb marked = SystemDb.restore(now.snapshot());
        marked.markRestarted();
        List<Command> changes = new ArrayList<>();
        for (Member m : marked.members()) {
            if (!now.member(m.rank()).orElseThrow().equals(m)) {
                changes.add(new Command.UpdateState(m.rank(), m.state(), m.reason()));
            }
        }
        for (Command c : changes) {
            submit(c);
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
        RaftClientRequest request = RaftClientRequest.newBuilder().setClientId(clientId).setServerId(PEER_ID)
                .setGroupId(group.getGroupId()).setCallId(callId.incrementAndGet())
                .setMessage(Message.valueOf(org.apache.ratis.thirdparty.com.google.protobuf.ByteString
                        .copyFrom(data)))
                .setType(RaftClientRequest.writeRequestType()).setTimeoutMs(SUBMIT_TIMEOUT.toMillis()).build();
        RaftClientReply reply;
        try {
            reply = server.submitClientRequestAsync(request).get(SUBMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("no answer within " + SUBMIT_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted", e);
        } catch (ExecutionException | IOException e) {
            throw new StoreUnavailableException(String.valueOf(e.getCause() != null ? e.getCause() : e), e);
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

    @Override
    public SystemDb view() {
        return machine.db();
    }

    /** The address the peer listens on ({@code host:port}). */
    public String address() {
        return group.getPeers().iterator().next().getAddress();
    }

    /**
     * Stops the server and every thread it started; waits at most {@link #CLOSE_TIMEOUT}, logging a
     * warning if the server has not stopped by then. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Thread closer = new Thread(() -> {
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
