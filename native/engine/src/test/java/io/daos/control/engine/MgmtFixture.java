package io.daos.control.engine;

import static org.junit.Assert.assertEquals;

import io.daos.control.proto.mgmt.CreateMsReq;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;
import io.daos.control.proto.mgmt.SetRankReq;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.rules.TemporaryFolder;

/**
 * Test support for the module-2 handler classes, as a JUnit rule: a node with 4 targets on two
 * 4000 MB Malloc devices, its state under a fresh temporary {@link #scm} directory, a context and
 * one instance of each handler area over it. {@link #restart()} is a new process on the same
 * storage.
 */
final class MgmtFixture extends TemporaryFolder {
    static final String MS_UUID = "11111111-2222-3333-4444-555555555555";
    static final String POOL = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    /** The nil rank, 0xFFFFFFFF as a uint32 field. */
    static final int NIL = -1;

    Path scm;
    Node node;
    MgmtContext ctx;
    SystemHandlers system;
    PoolHandlers pools;
    AclHandlers acls;
    DeviceHandlers devices;

    @Override
    protected void before() throws Throwable {
        super.before();
        scm = newFolder("scm").toPath();
        Path conf = scm.resolve("daos_nvme.conf");
        Files.writeString(conf, "[Malloc]\n    NumberOfLuns 2\n    LunSizeInMB 4000\n");
        node = new Node("ofi+sockets://127.0.0.1:31416", 6, 4, Devices.load(conf, scm.toString(), 4, "MALLOC", null),
                scm);
        restart();
    }

    /** New context and handlers over the state on disk (as after a process restart). */
    void restart() throws IOException {
        StateStore store = new StateStore(scm);
        ctx = new MgmtContext(store, store.load(), node, quietLog());
        system = new SystemHandlers(ctx);
        pools = new PoolHandlers(ctx);
        acls = new AclHandlers(ctx);
        devices = new DeviceHandlers(ctx);
    }

    /** The same without devices. */
    void withoutDevices() throws IOException {
        node = new Node("ofi+sockets://127.0.0.1:1", 3, 1, List.of(), scm);
        restart();
    }

    static Log quietLog() {
        return new Log(new PrintStream(new ByteArrayOutputStream()), Log.DEBUG, "test");
    }

    /** SetRank 0, bootstrap CreateMS, StartMS, SetUp: the MS replica's start-up (WIRE 4.8). */
    void bootstrap() {
        assertEquals(0, system.setRank(SetRankReq.newBuilder().setRank(0).build()).getStatus());
        assertEquals(0, system.createMs(CreateMsReq.newBuilder().setBootstrap(true).setUuid(MS_UUID)
                .setAddr("127.0.0.1:10001").build()).getStatus());
        assertEquals(0, system.startMs().getStatus());
        assertEquals(0, system.setUp().getStatus());
    }

    /** SetRank only: an engine that is not a management-service replica. */
    void rankOnly(int rank) {
        assertEquals(0, system.setRank(SetRankReq.newBuilder().setRank(rank).build()).getStatus());
    }

    JoinResp join(String uuid, int rank) {
        return system.join(JoinReq.newBuilder().setUuid(uuid).setRank(rank)
                .setUri("ofi+sockets://10.0.0.2:31416").setNctxs(6).setAddr("0.0.0.0:10001").build());
    }

    /** A pool of 1 GiB SCM and 1 GiB NVMe owned by bob@ / staff@. */
    PoolCreateResp create(String uuid, int nsvc, int... ranks) {
        PoolCreateReq.Builder b = PoolCreateReq.newBuilder().setUuid(uuid).setScmbytes(1L << 30)
                .setNvmebytes(1L << 30).setNumsvcreps(nsvc).setUser("bob@").setUsergroup("staff@");
        for (int r : ranks) {
            b.addRanks(r);
        }
        return pools.create(b.build());
    }

    /** Makes the next saves fail: a directory where the store writes its temporary file (works as
     *  root too, unlike permissions). */
    void breakSaves() throws IOException {
        Files.createDirectory(scm.resolve(".daos_engine.state.tmp"));
    }

    /** The state as it is on disk. */
    EngineState onDisk() throws IOException {
        return new StateStore(scm).load();
    }

    static String uuid(int i) {
        return String.format("00000000-0000-0000-0000-%012d", i);
    }
}
