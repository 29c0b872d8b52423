package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The sd_notify messages as a socket bound like systemd's NOTIFY_SOCKET receives them: through
 * junixsocket (here the test class path's: the lib dir {@code dir} has no junixsocket jars, see
 * {@link UnixDatagramTest} for a lib dir that has them), else through systemd-notify.
 */
public class SystemdNotifyTest {

    private static final long PID = 4242;
    private static final int TIMEOUT_MS = 10_000;

    private final TestSupport.Lines out = new TestSupport.Lines();
    private final TestSupport.Lines err = new TestSupport.Lines();
    private final Log log = new Log(out.stream(), err.stream(), false);
    private Path dir;
    private AFUNIXDatagramSocket receiver;
    private final BlockingQueue<List<String>> received = new LinkedBlockingQueue<>();
    private Thread reader;

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("sd-notify");
        receiver = AFUNIXDatagramSocket.newInstance();
        receiver.setAncillaryReceiveBufferSize(1024);
    }

    @After
    public void tearDown() throws Exception {
        receiver.close();
        if (reader != null) {
            reader.join(TIMEOUT_MS);
        }
        TestSupport.deleteTree(dir);
    }

    /** A lib dir whose junixsocket cannot be loaded (a jar that is no jar), as a broken lib/engine. */
    private Path brokenJunixsocket() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("engine"));
        Files.writeString(lib.resolve("junixsocket-common.jar"), "not a jar");
        return lib;
    }

    /**
     * The next message's lines; fails if none comes in time. Datagrams are read by a thread of
     * their own, as systemd does, and received descriptors closed at once: systemd-notify sends
     * {@code BARRIER=1} with a descriptor after its message and waits until that is closed
     * (the barrier datagrams are skipped here).
     */
    private List<String> next() throws Exception {
        List<String> m = received.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new AssertionError("no notification within " + TIMEOUT_MS + " ms");
        }
        return m;
    }

    /** Binds the receiver to {@code address} and starts reading. */
    private void bind(AFUNIXSocketAddress address) throws IOException {
        receiver.bind(address);
        reader = new Thread(this::read, "notify-receiver");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (true) {
                byte[] buf = new byte[4096];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                receiver.receive(p);
                FileDescriptor[] fds = receiver.getReceivedFileDescriptors();
                for (FileDescriptor fd : fds == null ? new FileDescriptor[0] : fds) {
                    new FileInputStream(fd).close();
                }
                List<String> lines = List.of(new String(buf, 0, p.getLength(), StandardCharsets.UTF_8).split("\n"));
                if (!lines.equals(List.of("BARRIER=1"))) {
                    received.add(lines);
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    private String boundToPath() throws Exception {
        Path sock = dir.resolve("notify");
        bind(AFUNIXSocketAddress.of(sock));
        return sock.toString();
    }

    @Test
    public void readyStatusAndStoppingReachAPathSocketInOrder() throws Exception {
        SystemdNotify n = SystemdNotify.of(boundToPath(), log, PID, List.of(), dir);
        assertTrue(n.enabled());
        n.status("starting");
        n.ready("listening on 0.0.0.0:10001");
        n.stopping("stopping (signal)\nsecond line");
        assertEquals(List.of("STATUS=starting"), next());
        assertEquals(List.of("READY=1", "STATUS=listening on 0.0.0.0:10001"), next());
        assertEquals(List.of("STOPPING=1", "STATUS=stopping (signal) second line"), next());
        assertEquals(List.of(), err.lines());
    }

    @Test
    public void anAbstractNamespaceSocketIsReachedToo() throws Exception {
        String name = "daos-sd-notify-test-" + UUID.randomUUID();
        bind(AFUNIXSocketAddress.inAbstractNamespace(name));
        SystemdNotify.of("@" + name, log, PID, List.of(), dir).ready("up");
        assertEquals(List.of("READY=1", "STATUS=up"), next());
    }

    @Test
    public void withoutNotifySocketNothingHappens() throws Exception {
        for (String none : new String[] {null, ""}) {
            SystemdNotify n = SystemdNotify.of(none, log, PID, List.of(), dir);
            assertFalse(n.enabled());
            n.ready("up");
            n.stopping("down");
        }
        assertEquals(List.of(), err.lines());
        assertEquals(List.of(), out.lines());
    }

    @Test
    public void aSocketNobodyListensOnIsOneWarningNotAnError() throws Exception {
        SystemdNotify n = SystemdNotify.of(dir.resolve("absent").toString(), log, PID, List.of(), dir);
        n.ready("up");
        n.stopping("down");
        assertEquals(err.lines().toString(), 1, err.lines().size());
        assertTrue(err.lines().get(0), err.lines().get(0).startsWith("WARNING: systemd notification failed: "));
    }

    @Test
    public void anAddressThatIsNoUnixSocketIsAWarning() throws Exception {
        SystemdNotify.of("vsock:2:1234", log, PID, List.of(), dir).ready("up");
        assertEquals(List.of("WARNING: NOTIFY_SOCKET=vsock:2:1234 is not an AF_UNIX socket address; "
                + "systemd is not notified"), err.lines());
    }

    @Test
    public void withoutJunixsocketSystemdNotifySendsThem() throws Exception {
        Path exe = Path.of("/usr/bin/systemd-notify");
        assumeTrue("no " + exe + " here", Files.isExecutable(exe));
        String sock = boundToPath();
        SystemdNotify n = SystemdNotify.of(sock, log, PID, List.of(Path.of("/nonexistent/systemd-notify"), exe),
                brokenJunixsocket());
        n.ready("up");
        List<String> m = next();
        assertTrue(m.toString(), m.contains("READY=1"));
        assertTrue(m.toString(), m.contains("STATUS=up"));
        assertTrue(m.toString(), m.contains("MAINPID=" + PID));
        n.stopping("down");
        m = next();
        assertTrue(m.toString(), m.contains("STOPPING=1"));
        assertTrue(m.toString(), m.contains("STATUS=down"));
        assertEquals(List.of(), err.lines());
    }

    @Test
    public void neitherJunixsocketNorSystemdNotifyIsAWarning() throws Exception {
        String sock = boundToPath();
        SystemdNotify n = SystemdNotify.of(sock, log, PID, List.of(Path.of("/nonexistent/systemd-notify")),
                brokenJunixsocket());
        n.ready("up");
        n.stopping("down");
        assertEquals(err.lines().toString(), 1, err.lines().size());
        assertTrue(err.lines().get(0), err.lines().get(0).startsWith("WARNING: systemd is not notified (NOTIFY_SOCKET="
                + sock + "): junixsocket: no class org.newsclub.net.unix.AFUNIXDatagramSocket in the junixsocket-*.jar of "));
    }
}
