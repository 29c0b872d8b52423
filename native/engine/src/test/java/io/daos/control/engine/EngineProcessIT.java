package io.daos.control.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.google.protobuf.MessageLite;
import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.drpc.DrpcClientImpl;
import io.daos.control.proto.mgmt.ACLResp;
import io.daos.control.proto.mgmt.BioHealthReq;
import io.daos.control.proto.mgmt.BioHealthResp;
import io.daos.control.proto.mgmt.CreateMsReq;
import io.daos.control.proto.mgmt.DaosResp;
import io.daos.control.proto.mgmt.DeleteACLReq;
import io.daos.control.proto.mgmt.DevStateReq;
import io.daos.control.proto.mgmt.DevStateResp;
import io.daos.control.proto.mgmt.GetACLReq;
import io.daos.control.proto.mgmt.GetAttachInfoReq;
import io.daos.control.proto.mgmt.GetAttachInfoResp;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.ListContReq;
import io.daos.control.proto.mgmt.ListContResp;
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.ModifyACLReq;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.daos.control.proto.mgmt.PoolDestroyResp;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.daos.control.proto.mgmt.PoolQueryResp;
import io.daos.control.proto.mgmt.PoolSetPropReq;
import io.daos.control.proto.mgmt.PoolSetPropResp;
import io.daos.control.proto.mgmt.SetRankReq;
import io.daos.control.proto.mgmt.SmdDevResp;
import io.daos.control.proto.mgmt.SmdPoolResp;
import io.daos.control.proto.srv.NotifyReadyReq;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The emulator as a real process, driven over dRPC with the drpc bundle's client. */
public class EngineProcessIT {
    static final Duration T = Duration.ofSeconds(10);
    static final String POOL = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    static final String MS_UUID = "11111111-2222-3333-4444-555555555555";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** On a failure, show what the emulator printed and logged. */
    @Rule
    public org.junit.rules.TestWatcher dump = new org.junit.rules.TestWatcher() {
        @Override
        protected void failed(Throwable e, org.junit.runner.Description d) {
            for (Path p : new Path[] {log.toPath(), tmp.getRoot().toPath().resolve("daos_io_server.log")}) {
                try {
                    System.err.println("---- " + p + "\n" + Files.readString(p));
                } catch (java.io.IOException x) {
                    System.err.println("---- " + p + ": " + x);
                }
            }
        }
    };

    private Path sockDir;
    private Path scm;
    private File log;
    private EngineProcess.ControlSocket ctl;
    private Process proc;
    private Map<String, String> env;

    @Before
    public void setUp() throws Exception {
        sockDir = tmp.newFolder("run").toPath();
        scm = tmp.newFolder("scm").toPath();
        log = tmp.newFile("engine.out");
        Files.writeString(scm.resolve("daos_nvme.conf"), "[Malloc]\n    NumberOfLuns 2\n    LunSizeInMB 4000\n");
        env = Map.of("CRT_PHY_ADDR_STR", "ofi+sockets", "OFI_INTERFACE", "lo", "OFI_PORT", "31416",
                "D_LOG_MASK", "DEBUG,MGMT=DEBUG", "D_LOG_FILE", tmp.getRoot().toPath().resolve("daos_io_server.log")
                        .toString(), "VOS_BDEV_CLASS", "MALLOC");
        ctl = new EngineProcess.ControlSocket(sockDir);
    }

    @After
    public void tearDown() throws Exception {
        if (proc != null && proc.isAlive()) {
            proc.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        ctl.close();
    }

    private NotifyReadyReq launch() throws Exception {
        proc = EngineProcess.start(EngineProcess.args(sockDir, scm, 4), env, log);
        NotifyReadyReq r = ctl.awaitReady(30);
        assertEquals(sockDir.resolve("daos_io_server_" + proc.pid() + ".sock").toString(), r.getDrpcListenerSock());
        return r;
    }

    private void stop() throws Exception {
        Path sock = sockDir.resolve("daos_io_server_" + proc.pid() + ".sock");
        proc.destroy(); // SIGTERM
        assertTrue("no exit after SIGTERM", proc.waitFor(15, TimeUnit.SECONDS));
        assertEquals("exit status after SIGTERM; output:\n" + Files.readString(log.toPath()), 0, proc.exitValue());
        assertFalse("socket left behind", Files.exists(sock));
    }

    private static byte[] call(DrpcClientImpl c, int method, MessageLite req) throws Exception {
        return c.call(DrpcIds.MODULE_MGMT, method, req == null ? null : req.toByteArray(), T);
    }

    private static void expectStatus(DrpcClientImpl c, int module, int method, byte[] body, DrpcStatus want)
            throws Exception {
        try {
            c.call(module, method, body, T);
            fail(module + "/" + method + " succeeded");
        } catch (DrpcException e) {
            assertEquals(want, e.status());
        }
    }

    @Test
    public void fullLifecycle() throws Exception {
        NotifyReadyReq ready = launch();
        assertEquals("ofi+sockets://127.0.0.1:31416", ready.getUri());
        assertEquals(0, ready.getInstanceIdx());
        assertEquals(4, ready.getNtgts());
        assertEquals(2 + 4 * 2, ready.getNctxs());
        Path sock = Path.of(ready.getDrpcListenerSock());
        String dev;
        try (DrpcClientImpl c = new DrpcClientImpl(sock)) {
            // start-up sequence of the MS replica (WIRE 4.8)
            assertEquals(0, DaosResp.parseFrom(call(c, 202, SetRankReq.newBuilder().setRank(0).build())).getStatus());
            assertEquals(0, DaosResp.parseFrom(call(c, 203, CreateMsReq.newBuilder().setBootstrap(true)
                    .setUuid(MS_UUID).setAddr("127.0.0.1:10001").build())).getStatus());
            assertEquals(0, DaosResp.parseFrom(call(c, 204, null)).getStatus());
            assertEquals(0, DaosResp.parseFrom(call(c, 209, null)).getStatus());
            // Join of two more instances
            JoinResp j = JoinResp.parseFrom(call(c, 205, JoinReq.newBuilder().setUuid(uuid(1)).setRank(-1)
                    .setUri("ofi+sockets://10.0.0.2:31416").setNctxs(6).setAddr("0.0.0.0:10001").build()));
            assertEquals(0, j.getStatus());
            assertEquals(1, j.getRank());
            assertEquals(JoinResp.State.IN, j.getState());
            assertEquals(2, JoinResp.parseFrom(call(c, 205, JoinReq.newBuilder().setUuid(uuid(2)).setRank(-1)
                    .build())).getRank());
            GetAttachInfoResp ai = GetAttachInfoResp.parseFrom(call(c, 206, GetAttachInfoReq.newBuilder()
                    .setSys("daos_server").build()));
            assertEquals(0, ai.getPsrs(0).getRank());
            assertEquals(ready.getUri(), ai.getPsrs(0).getUri());
            // pools
            PoolCreateResp pc = PoolCreateResp.parseFrom(call(c, 207, PoolCreateReq.newBuilder().setUuid(POOL)
                    .setScmbytes(1L << 30).setNvmebytes(1L << 30).setNumsvcreps(3).setUser("bob@")
                    .setUsergroup("staff@").setSys("daos_server").build()));
            assertEquals(0, pc.getStatus());
            assertEquals(List.of(1, 2), pc.getSvcrepsList());
            assertEquals(-1003, PoolCreateResp.parseFrom(call(c, 207, PoolCreateReq.newBuilder().setUuid("bad")
                    .setNumsvcreps(1).setUser("bob@").build())).getStatus());
            String doomed = uuid(77);
            assertEquals(0, PoolCreateResp.parseFrom(call(c, 207, PoolCreateReq.newBuilder().setUuid(doomed)
                    .setScmbytes(1L << 30).setNumsvcreps(1).setUser("bob@").build())).getStatus());
            assertEquals(0, PoolDestroyResp.parseFrom(call(c, 208, PoolDestroyReq.newBuilder().setUuid(doomed)
                    .build())).getStatus());
            assertEquals(-1005, PoolDestroyResp.parseFrom(call(c, 208, PoolDestroyReq.newBuilder().setUuid(doomed)
                    .build())).getStatus());
            ListPoolsResp lp = ListPoolsResp.parseFrom(call(c, 214, ListPoolsReq.newBuilder().setSys("daos_server")
                    .build()));
            assertEquals(1, lp.getPoolsCount());
            assertEquals(POOL, lp.getPools(0).getUuid());
            PoolQueryResp q = PoolQueryResp.parseFrom(call(c, 222, PoolQueryReq.newBuilder().setUuid(POOL).build()));
            assertEquals(0, q.getStatus());
            assertEquals(12, q.getTotaltargets());
            assertEquals(12L * (256L << 20), q.getScm().getTotal());
            PoolSetPropResp sp = PoolSetPropResp.parseFrom(call(c, 223, PoolSetPropReq.newBuilder().setUuid(POOL)
                    .setNumber(5).setNumval(0).build()));
            assertEquals(5, sp.getNumber());
            assertEquals(0, sp.getNumval());
            assertEquals(0, ListContResp.parseFrom(call(c, 221, ListContReq.newBuilder().setUuid(POOL).build()))
                    .getStatus());
            // ACLs
            assertEquals(List.of("A::OWNER@:rw", "A:G:GROUP@:rw"), ACLResp.parseFrom(call(c, 213,
                    GetACLReq.newBuilder().setUuid(POOL).build())).getACLList());
            assertEquals(List.of("A::OWNER@:rw", "A::EVERYONE@:r"), ACLResp.parseFrom(call(c, 215,
                    ModifyACLReq.newBuilder().setUuid(POOL).addACL("A::EVERYONE@:r").addACL("A::OWNER@:rw").build()))
                    .getACLList());
            assertEquals(List.of("A::OWNER@:rw", "A::alice@:rw", "A::EVERYONE@:r"), ACLResp.parseFrom(call(c, 216,
                    ModifyACLReq.newBuilder().setUuid(POOL).addACL("A::alice@:wr").build())).getACLList());
            ACLResp del = ACLResp.parseFrom(call(c, 217, DeleteACLReq.newBuilder().setUuid(POOL)
                    .setPrincipal("EVERYONE@").build()));
            assertEquals(List.of("A::OWNER@:rw", "A::alice@:rw"), del.getACLList());
            assertEquals("staff@", del.getOwnerGroup());
            // devices
            SmdDevResp devs = SmdDevResp.parseFrom(call(c, 211, null));
            assertEquals(2, devs.getDevicesCount());
            dev = devs.getDevices(0).getUuid();
            SmdPoolResp sps = SmdPoolResp.parseFrom(call(c, 212, null));
            assertEquals(1, sps.getPoolsCount());
            assertEquals(4, sps.getPools(0).getBlobsCount());
            assertEquals(dev, BioHealthResp.parseFrom(call(c, 210, BioHealthReq.newBuilder().setTgtId("2").build()))
                    .getDevUuid());
            assertEquals("NORMAL\n", DevStateResp.parseFrom(call(c, 219, DevStateReq.newBuilder().setDevUuid(dev)
                    .build())).getDevState());
            assertEquals("FAULTY\n", DevStateResp.parseFrom(call(c, 220, DevStateReq.newBuilder().setDevUuid(dev)
                    .build())).getDevState());
            assertEquals(0, DaosResp.parseFrom(call(c, 218, null)).getStatus());
            assertEquals(0, DaosResp.parseFrom(call(c, 224, null)).getStatus());
            // dRPC-level outcomes
            expectStatus(c, DrpcIds.MODULE_MGMT, 201, null, DrpcStatus.UNKNOWN_METHOD);
            expectStatus(c, DrpcIds.MODULE_MGMT, 225, null, DrpcStatus.UNKNOWN_METHOD);
            expectStatus(c, DrpcIds.MODULE_SRV, 301, null, DrpcStatus.UNKNOWN_MODULE);
            expectStatus(c, 7, 1, null, DrpcStatus.UNKNOWN_MODULE);
            byte[] junk = {0x0a, 0x05, 0x01};
            expectStatus(c, DrpcIds.MODULE_MGMT, 207, junk, DrpcStatus.FAILED_UNMARSHAL_PAYLOAD);
            expectStatus(c, DrpcIds.MODULE_MGMT, 219, junk, DrpcStatus.FAILURE);
        }
        // the emulator writes (and flushes) its log lines and the SetUp banner before it sends the
        // reply of the call that caused them, so both files hold them by now: no waiting needed
        String logText = Files.readString(tmp.getRoot().toPath().resolve("daos_io_server.log"));
        assertTrue(logText, logText.contains("PoolCreate: " + POOL));
        assertTrue(Files.readString(log.toPath()).contains("started on rank 0 with 4 target"));
        stop();

        // restart: same storage, new process, the state survived
        NotifyReadyReq again = launch();
        assertNotEquals(ready.getDrpcListenerSock(), again.getDrpcListenerSock());
        try (DrpcClientImpl c = new DrpcClientImpl(Path.of(again.getDrpcListenerSock()))) {
            // the rank was kept: the pool service answers before SetRank and StartMS come again
            assertEquals(0, ListPoolsResp.parseFrom(call(c, 214, null)).getStatus());
            assertEquals(0, DaosResp.parseFrom(call(c, 202, SetRankReq.newBuilder().setRank(0).build())).getStatus());
            assertEquals(0, DaosResp.parseFrom(call(c, 204, null)).getStatus());
            ListPoolsResp lp = ListPoolsResp.parseFrom(call(c, 214, null));
            assertEquals(POOL, lp.getPools(0).getUuid());
            assertEquals(List.of(1, 2), lp.getPools(0).getSvcrepsList());
            assertEquals(List.of("A::OWNER@:rw", "A::alice@:rw"), ACLResp.parseFrom(call(c, 213,
                    GetACLReq.newBuilder().setUuid(POOL).build())).getACLList());
            assertEquals(2, JoinResp.parseFrom(call(c, 205, JoinReq.newBuilder().setUuid(uuid(2)).setRank(-1)
                    .build())).getRank());
            assertEquals(3, JoinResp.parseFrom(call(c, 205, JoinReq.newBuilder().setUuid(uuid(3)).setRank(-1)
                    .build())).getRank());
            assertEquals("FAULTY\n", DevStateResp.parseFrom(call(c, 219, DevStateReq.newBuilder().setDevUuid(dev)
                    .build())).getDevState());
            assertEquals(0, PoolSetPropResp.parseFrom(call(c, 223, PoolSetPropReq.newBuilder().setUuid(POOL)
                    .setNumber(5).setNumval(1).build())).getStatus());
        }
        // SIGINT stops cleanly too
        Path sock2 = Path.of(again.getDrpcListenerSock());
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(proc.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertTrue(proc.waitFor(15, TimeUnit.SECONDS));
        assertEquals(0, proc.exitValue());
        assertFalse(Files.exists(sock2));
    }

    @Test
    public void rejectedNotifyReadyAbortsStartup() throws Exception {
        ctl.reject = true;
        proc = EngineProcess.start(EngineProcess.args(sockDir, scm, 1), env, log);
        ctl.awaitReady(30);
        assertTrue(proc.waitFor(15, TimeUnit.SECONDS));
        assertEquals(1, proc.exitValue());
        assertTrue(Files.readString(log.toPath()).contains("NotifyReady"));
        assertFalse(Files.exists(sockDir.resolve("daos_io_server_" + proc.pid() + ".sock")));
    }

    @Test
    public void badFlagsAndMissingControlSocket() throws Exception {
        proc = EngineProcess.start(List.of("-t", "4", "--bogus"), env, log);
        assertTrue(proc.waitFor(15, TimeUnit.SECONDS));
        assertEquals(1, proc.exitValue());
        String out = Files.readString(log.toPath());
        assertTrue(out, out.contains("daos_io_server: unrecognized option '--bogus'"));
        assertTrue(out, out.contains("Usage: daos_io_server"));

        ctl.close();
        proc = EngineProcess.start(EngineProcess.args(sockDir, scm, 1), env, log);
        assertTrue(proc.waitFor(15, TimeUnit.SECONDS));
        assertEquals(1, proc.exitValue());
        assertTrue(Files.readString(log.toPath()).contains("NotifyReady to " + sockDir.resolve("daos_server.sock")));
        ctl = new EngineProcess.ControlSocket(sockDir);
    }

    private static String uuid(int i) {
        return String.format("00000000-0000-0000-0000-%012d", i);
    }
}
