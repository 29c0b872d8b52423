package io.daos.control.management.internal.raft;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.system.MemberState;
import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.LocalStore;
import io.daos.control.management.internal.db.Result;
import io.daos.control.management.internal.db.SystemDb;

/** The state machine alone, fed log entries by hand over a Ratis storage directory (no server). */
public class DbStateMachineTest {

    private Path dir;
    private RaftStorage storage;
    private long index;

    @Before
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("db-sm");
        storage = RaftStorage.newBuilder().setDirectory(dir.toFile()).setOption(RaftStorage.StartupOption.FORMAT)
                .setStorageFreeSpaceMin(org.apache.ratis.util.SizeInBytes.ONE_KB).build();
        storage.initialize();
    }

    @After
    public void tearDown() throws IOException {
        storage.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        }
    }

    private DbStateMachine started() throws IOException {
        DbStateMachine sm = new DbStateMachine();
        sm.initialize(server(), RaftGroupId.randomId(), storage);
        return sm;
    }

    /** A stand-in server: the base class only asks for its id. */
    private static RaftServer server() {
        return (RaftServer) Proxy.newProxyInstance(RaftServer.class.getClassLoader(), new Class<?>[] {RaftServer.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getId")) {
                        return RaftPeerId.valueOf("t0");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private Result apply(DbStateMachine sm, byte[] data) throws Exception {
        index++;
        LogEntryProto entry = LogEntryProto.newBuilder().setTerm(1).setIndex(index)
                .setStateMachineLogEntry(StateMachineLogEntryProto.newBuilder().setLogData(ByteString.copyFrom(data)))
                .build();
        TransactionContext trx = TransactionContext.newBuilder().setStateMachine(sm).setLogEntry(entry).build();
        return Result.decode(sm.applyTransaction(trx).get().getContent().toByteArray());
    }

    @Test
    public void appliesEntriesAndAnswersTheEncodedResult() throws Exception {
        DbStateMachine sm = started();
        LocalStore local = new LocalStore();
        for (Command c : RaftStoreTest.everyKind()) {
            assertEquals(c.toString(), local.submit(c), apply(sm, c.encode()));
        }
        assertEquals(local.view(), sm.db());
        assertEquals(index, sm.getLastAppliedTermIndex().getIndex());
    }

    @Test
    public void anUndecodableEntryIsAnsweredProtoWithTheCurrentMapVersionAndCountsAsApplied() throws Exception {
        DbStateMachine sm = started();
        apply(sm, new Command.Bootstrap(new UUID(1, 1), 0, "h:1", "u", 1).encode());
        Result bad = apply(sm, new byte[] {(byte) Command.VERSION, 99});
        assertEquals(Result.error(Der.PROTO, 1), bad);
        assertEquals(2, sm.getLastAppliedTermIndex().getIndex());
        assertEquals(1, sm.db().members().size());
    }

    @Test
    public void aSnapshotHoldsTheDbBytesUnderTermAndIndexAndALaterStartLoadsItAsItWas() throws Exception {
        DbStateMachine sm = started();
        for (Command c : RaftStoreTest.everyKind()) {
            apply(sm, c.encode());
        }
        assertEquals(index, sm.takeSnapshot());
        File file = sm.getLatestSnapshot().getFiles().get(0).getPath().toFile();
        assertEquals("snapshot.1_" + index, file.getName());
        assertEquals(sm.db(), SystemDb.restore(Files.readAllBytes(file.toPath())));
        assertTrue("an MD5 beside it", new File(file.getPath() + ".md5").isFile());

        DbStateMachine again = started();
        assertEquals("loaded as it was (the restart marking is the store's)", sm.db(), again.db());
        assertEquals(MemberState.STARTED, again.db().member(0).orElseThrow().state());
        assertEquals(index, again.getLastAppliedTermIndex().getIndex());
    }

    @Test
    public void aCorruptSnapshotStopsTheStartWithItsName() throws Exception {
        DbStateMachine sm = started();
        apply(sm, new Command.Bootstrap(new UUID(1, 1), 0, "h:1", "u", 1).encode());
        sm.takeSnapshot();
        File file = sm.getLatestSnapshot().getFiles().get(0).getPath().toFile();
        Files.write(file.toPath(), new byte[] {7});
        new File(file.getPath() + ".md5").delete();
        try {
            started();
            org.junit.Assert.fail("started over a corrupt snapshot");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(file.getName()));
        }
    }

    @Test
    public void noSnapshotBeforeAnyEntry() throws Exception {
        assertEquals(-1, started().takeSnapshot());
        assertEquals(List.of(), List.of(dir.resolve("sm").toFile().list()));
    }
}
