package io.daos.control.harness.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.proto.srv.BioErrorReq;
import io.daos.control.proto.srv.NotifyReadyReq;

/** The srv dRPC module in front of the instances of a (not started) harness. */
public class SrvModuleTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Fixture fx;
    private IOServerHarness harness;
    private SrvModule module;
    private Fixture.LogCapture capture;
    private List<LogRecord> logged;

    @Before
    public void setUp() throws Exception {
        fx = new Fixture(tmp.getRoot().toPath());
        harness = new IOServerHarness(fx.config(), null, fx.dir.resolve("unused"), Map.of(), fx.dir, fx.hooks, 0);
        module = new SrvModule(harness);
        capture = new Fixture.LogCapture(SrvModule.class);
        logged = capture.records;
    }

    @After
    public void tearDown() {
        capture.close();
        harness.close();
        fx.close();
    }

    private static NotifyReadyReq ready(int idx, String sock) {
        return NotifyReadyReq.newBuilder().setInstanceIdx(idx).setDrpcListenerSock(sock).setUri("ofi+sockets://x")
                .build();
    }

    private void expect(int method, byte[] body, DrpcStatus status, String text) {
        try {
            module.handle(method, body);
            fail();
        } catch (DrpcException e) {
            assertEquals(status, e.status());
            assertTrue(e.getMessage(), e.getMessage().contains(text));
        }
    }

    @Test
    public void itIsModuleThree() {
        assertEquals(DrpcIds.MODULE_SRV, module.moduleId());
        assertEquals(3, new SrvModule().moduleId());
    }

    @Test
    public void notifyReadyHandsTheInstanceItsSocket() throws Exception {
        Path sock = fx.startEngine();
        assertArrayEquals(new byte[0], module.handle(DrpcIds.SRV_NOTIFY_READY, ready(0, sock.toString())
                .toByteArray()));
        IOServerInstance inst = harness.instances().get(0);
        assertEquals("ofi+sockets://x", inst.ready().getUri());
        inst.callDrpc(DrpcIds.MGMT_PING_RANK, new byte[0], Duration.ofSeconds(5));
        fx.awaitEngineCall(DrpcIds.MGMT_PING_RANK);
    }

    @Test
    public void notifyReadyRejectsBadRequests() throws Exception {
        int m = DrpcIds.SRV_NOTIFY_READY;
        expect(m, new byte[] {(byte) 0xff, 1, 2}, DrpcStatus.FAILED_UNMARSHAL_PAYLOAD,
                "unmarshal NotifyReady request: ");
        expect(m, ready(7, "/x").toByteArray(), DrpcStatus.FAILURE, "instance index 7 is out of range (1 instances)");
        expect(m, ready(-1, "/x").toByteArray(), DrpcStatus.FAILURE,
                "instance index 4294967295 is out of range (1 instances)");
        expect(m, ready(0, "").toByteArray(), DrpcStatus.FAILURE,
                "check NotifyReady request socket path: socket path empty");
        Path file = Files.writeString(fx.dir.resolve("plain"), "x");
        expect(m, ready(0, file.toString()).toByteArray(), DrpcStatus.FAILURE,
                "check NotifyReady request socket path: path \"" + file + "\" is not a socket");
        expect(m, ready(0, fx.dir.resolve("nope").toString()).toByteArray(), DrpcStatus.FAILURE,
                "check NotifyReady request socket path: socket path \"" + fx.dir.resolve("nope")
                        + "\" could not be accessed: ");
        assertNull(harness.instances().get(0).ready());
    }

    @Test
    public void bioErrIsCheckedThenLoggedAsAnError() throws Exception {
        int m = DrpcIds.SRV_BIO_ERR;
        expect(m, new byte[] {(byte) 0xff, 1, 2}, DrpcStatus.FAILED_UNMARSHAL_PAYLOAD, "unmarshal BioErr request: ");
        expect(m, BioErrorReq.newBuilder().setInstanceIdx(2).build().toByteArray(), DrpcStatus.FAILURE,
                "instance index 2 is out of range (1 instances)");
        expect(m, BioErrorReq.newBuilder().setInstanceIdx(0).build().toByteArray(), DrpcStatus.FAILURE,
                "check BioErr request socket path: socket path empty");
        assertTrue(logged.isEmpty());
        Path sock = fx.startEngine();
        BioErrorReq req = BioErrorReq.newBuilder().setInstanceIdx(0).setTgtId(3).setWriteErr(true)
                .setDrpcListenerSock(sock.toString()).build();
        assertArrayEquals(new byte[0], module.handle(m, req.toByteArray()));
        assertEquals(1, logged.size());
        assertEquals(Level.SEVERE, logged.get(0).getLevel());
        assertTrue(logged.get(0).getMessage(), logged.get(0).getMessage()
                .startsWith("I/O server instance 0 (target 3) has detected blob I/O error! "));
        assertTrue(logged.get(0).getMessage(), logged.get(0).getMessage().contains("writeErr: true"));
    }

    @Test
    public void otherMethodsAreUnknown() {
        expect(399, new byte[0], DrpcStatus.UNKNOWN_METHOD, "unknown srv method 399");
    }
}
