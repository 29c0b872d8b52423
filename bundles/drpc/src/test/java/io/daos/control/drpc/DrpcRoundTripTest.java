package io.daos.control.drpc;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.DatagramPacket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import org.newsclub.net.unix.AFDatagramSocket;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import com.google.protobuf.ByteString;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.proto.drpc.Call;
import io.daos.control.proto.drpc.Response;

public class DrpcRoundTripTest {

    static final Duration T = Duration.ofSeconds(10);

    private Path dir;
    private Path sock;
    private TestModules modules;
    private DrpcServer server;

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("drpc");
        sock = dir.resolve("daos_server.sock");
        modules = new TestModules();
        server = DrpcServer.start(sock, modules.lookup());
    }

    @After
    public void tearDown() throws Exception {
        modules.release.countDown();
        server.close();
        TestSupport.deleteTree(dir);
    }

    @Test
    public void roundTripAndGreeting() throws Exception {
        try (DrpcClientImpl c = new DrpcClientImpl(sock)) {
            byte[] got = c.call(TestModules.MODULE, TestModules.GREET, "alice".getBytes(StandardCharsets.UTF_8), T);
            assertEquals("Hello alice", new String(got, StandardCharsets.UTF_8));
            assertArrayEquals(new byte[0], c.call(TestModules.MODULE, TestModules.ECHO, null, T));
            byte[] big = new byte[16000];
            big[15999] = 42;
            assertArrayEquals(big, c.call(TestModules.MODULE, TestModules.ECHO, big, T));
        }
    }

    /**
     * C-style counting (the I/O server's persistent connection): sequences 0, 1, 2 on one
     * connection, seen by a raw listener; the reply to call 0 with SUCCESS and no body is a
     * zero-byte packet and reads as that reply.
     */
    @Test
    public void cStyleCountingStartsAtZeroAndTakesTheZeroByteReply() throws Exception {
        Path raw = dir.resolve("raw.sock");
        List<Long> seen = new CopyOnWriteArrayList<>();
        try (AFUNIXDatagramSocket listener = DrpcSockets.newSeqpacket()) {
            listener.bind(DrpcSockets.address(raw));
            listener.listen(1);
            Thread peer = new Thread(() -> {
                try (AFDatagramSocket<AFUNIXSocketAddress> conn = listener.accept()) {
                    for (int i = 0; i < 3; i++) {
                        DatagramPacket p = new DatagramPacket(new byte[DrpcSockets.RECEIVE_BUFFER], DrpcSockets.RECEIVE_BUFFER);
                        conn.receive(p);
                        Call call = Call.parseFrom(ByteString.copyFrom(p.getData(), 0, p.getLength()));
                        seen.add(call.getSequence());
                        byte[] reply = Response.newBuilder().setSequence(call.getSequence())
                                .setBody(call.getBody()).build().toByteArray();
                        conn.send(new DatagramPacket(reply, reply.length));
                    }
                } catch (IOException e) {
                    seen.add(-99L);
                }
            }, "raw-drpc-peer");
            peer.start();
            try (DrpcClientImpl c = new DrpcClientImpl(raw, DrpcClientImpl.Sequence.C)) {
                assertArrayEquals(new byte[0], c.call(3, 301, null, T)); // a zero-byte reply
                assertArrayEquals(new byte[] {7}, c.call(3, 302, new byte[] {7}, T));
                assertArrayEquals(new byte[0], c.call(3, 302, null, T));
            }
            peer.join(10_000);
        }
        assertEquals(List.of(0L, 1L, 2L), seen);
    }

    @Test
    public void statusesBecomeDrpcExceptions() throws Exception {
        try (DrpcClientImpl c = new DrpcClientImpl(sock)) {
            assertStatus(c, 99, 1, DrpcStatus.UNKNOWN_MODULE);
            assertStatus(c, TestModules.MODULE, 77, DrpcStatus.UNKNOWN_METHOD);
            assertStatus(c, TestModules.MODULE, TestModules.FAIL, DrpcStatus.FAILURE);
            assertStatus(c, TestModules.MODULE, TestModules.THROW_RUNTIME, DrpcStatus.FAILURE);
            assertStatus(c, TestModules.MODULE, TestModules.MARSHAL, DrpcStatus.FAILED_MARSHAL);
            assertStatus(c, TestModules.MODULE, TestModules.HUGE, DrpcStatus.FAILED_MARSHAL);
            assertStatus(c, TestModules.MODULE, TestModules.PAYLOAD, DrpcStatus.FAILED_UNMARSHAL_PAYLOAD);
            // and the connection is still good
            assertArrayEquals(new byte[0], c.call(TestModules.MODULE, TestModules.PAYLOAD, new byte[] {'h'}, T));
        }
    }

    private static void assertStatus(DrpcClientImpl c, int module, int method, DrpcStatus want) throws IOException {
        try {
            c.call(module, method, new byte[] {1, 2, 3}, T);
            fail("expected " + want);
        } catch (DrpcException e) {
            assertEquals(want, e.status());
            assertEquals("bad dRPC response status: " + want.name(), e.getMessage());
        }
    }

    @Test
    public void oversizeCallRefusedBeforeSending() throws Exception {
        try (DrpcClientImpl c = new DrpcClientImpl(sock)) {
            try {
                c.call(TestModules.MODULE, TestModules.ECHO, new byte[16380], T);
                fail("oversize call was sent");
            } catch (DrpcException e) {
                assertEquals(DrpcStatus.FAILED_MARSHAL, e.status());
                assertTrue(e.getMessage(), e.getMessage().contains("exceeds the dRPC limit of 16384 bytes"));
            }
            assertArrayEquals(new byte[] {5}, c.call(TestModules.MODULE, TestModules.ECHO, new byte[] {5}, T));
        }
    }

    @Test
    public void absentSocketIsAClearError() throws Exception {
        Path none = dir.resolve("nobody.sock");
        try (DrpcClientImpl c = new DrpcClientImpl(none)) {
            c.call(TestModules.MODULE, TestModules.ECHO, null, T);
            fail("call to an absent socket succeeded");
        } catch (FileNotFoundException e) {
            assertEquals("dRPC socket " + none + " does not exist", e.getMessage());
        }
    }

    @Test
    public void reconnectsAfterServerRestart() throws Exception {
        try (DrpcClientImpl c = new DrpcClientImpl(sock)) {
            assertArrayEquals(new byte[] {1}, c.call(TestModules.MODULE, TestModules.ECHO, new byte[] {1}, T));
            server.close();
            assertFalse(Files.exists(sock));
            try {
                c.call(TestModules.MODULE, TestModules.ECHO, new byte[] {2}, T);
                fail("call with the server down succeeded");
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(sock.toString()));
            }
            server = DrpcServer.start(sock, modules.lookup());
            assertArrayEquals(new byte[] {3}, c.call(TestModules.MODULE, TestModules.ECHO, new byte[] {3}, T));
        }
    }

    @Test
    public void reconnectsTransparentlyWhenRestartedBetweenCalls() throws Exception {
        try (DrpcClientImpl c = new DrpcClientImpl(sock)) {
            assertArrayEquals(new byte[] {1}, c.call(TestModules.MODULE, TestModules.ECHO, new byte[] {1}, T));
            server.close();
            server = DrpcServer.start(sock, modules.lookup());
            // the old connection is dead; the call goes through on a new one
            assertArrayEquals(new byte[] {2}, c.call(TestModules.MODULE, TestModules.ECHO, new byte[] {2}, T));
        }
    }

    @Test
    public void perCallTimeoutNamesSocketAndTimeout() throws Exception {
        try (DrpcClientImpl c = new DrpcClientImpl(sock)) {
            long t0 = System.nanoTime();
            try {
                c.call(TestModules.MODULE, TestModules.BLOCK, null, Duration.ofMillis(300));
                fail("blocked call returned");
            } catch (SocketTimeoutException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(sock.toString()));
                assertTrue(e.getMessage(), e.getMessage().contains("timed out after 300 ms"));
            }
            assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(290).toNanos());
            assertTrue(modules.blocked.getCount() == 0);
            modules.release.countDown();
            // a fresh connection works and the late reply of the blocked call is not mistaken for it
            assertArrayEquals(new byte[] {9}, c.call(TestModules.MODULE, TestModules.ECHO, new byte[] {9}, T));
        }
    }

    @Test
    public void staleSocketFileReplacedAndModes() throws Exception {
        server.close();
        Files.write(sock, new byte[] {1});
        server = DrpcServer.start(sock, modules.lookup());
        assertEquals("rwxrwxrwx", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(sock)));
        try (DrpcClientImpl c = new DrpcClientImpl(sock)) {
            assertArrayEquals(new byte[] {1}, c.call(TestModules.MODULE, TestModules.ECHO, new byte[] {1}, T));
        }
    }

    @Test
    public void createsMissingDirectory() throws Exception {
        Path sub = dir.resolve("a/b/daos_server.sock");
        try (DrpcServer s = DrpcServer.start(sub, modules.lookup()); DrpcClientImpl c = new DrpcClientImpl(sub)) {
            assertArrayEquals(new byte[] {4}, c.call(TestModules.MODULE, TestModules.ECHO, new byte[] {4}, T));
            String perms = java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(sub.getParent()));
            assertFalse(perms, perms.charAt(7) == 'w' || perms.charAt(4) == 'w');
        }
        assertFalse(Files.exists(sub));
    }

    @Test
    public void tooLongPathRefused() throws Exception {
        StringBuilder name = new StringBuilder();
        while (dir.toString().length() + 1 + name.length() <= 107) {
            name.append('x');
        }
        Path longPath = dir.resolve(name.toString()); // 108 bytes
        try {
            DrpcServer.start(longPath, modules.lookup()).close();
            fail("a 108-byte path was accepted");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("is too long: 108 bytes, the limit is 107"));
        }
        Path ok = dir.resolve(name.substring(1)); // exactly 107
        try (DrpcServer s = DrpcServer.start(ok, modules.lookup()); DrpcClientImpl c = new DrpcClientImpl(ok)) {
            assertArrayEquals(new byte[] {6}, c.call(TestModules.MODULE, TestModules.ECHO, new byte[] {6}, T));
        }
    }

    @Test
    public void directoryAtSocketPathRefused() throws Exception {
        Path d = dir.resolve("adir");
        Files.createDirectory(d);
        try {
            DrpcServer.start(d, modules.lookup()).close();
            fail("listened on a directory");
        } catch (IOException e) {
            assertEquals("dRPC socket path " + d + " is a directory", e.getMessage());
        }
    }

    @Test
    public void closeRemovesSocketAndStopsThreads() throws Exception {
        try (DrpcClientImpl c = new DrpcClientImpl(sock)) {
            c.call(TestModules.MODULE, TestModules.ECHO, null, T);
            assertEquals(1, server.connectionCount());
            server.close();
            assertFalse(Files.exists(sock));
            assertEquals(0, server.connectionCount());
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertFalse(t.getName(), t.getName().startsWith("drpc-") && t.isAlive());
        }
    }
}
