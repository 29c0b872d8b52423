package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.JarURLConnection;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The launcher's AF_UNIX datagram sockets: junixsocket from a lib dir's jars through a loader of
 * its own (as from lib/engine), sending to a path and to an abstract address bound by the test.
 */
public class UnixDatagramTest {

    private static final int TIMEOUT_MS = 10_000;

    private Path dir;
    private final List<DatagramSocket> sockets = new ArrayList<>();

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("unix-dgram");
    }

    @After
    public void tearDown() throws Exception {
        for (DatagramSocket s : sockets) {
            s.close();
        }
        TestSupport.deleteTree(dir);
    }

    private <S extends DatagramSocket> S closing(S s) {
        sockets.add(s);
        return s;
    }

    /** A receiver of the test's own junixsocket bound to {@code address}. */
    private AFUNIXDatagramSocket receiver(AFUNIXSocketAddress address) throws IOException {
        AFUNIXDatagramSocket r = closing(AFUNIXDatagramSocket.newInstance());
        r.bind(address);
        r.setSoTimeout(TIMEOUT_MS);
        return r;
    }

    private static String receive(DatagramSocket r) throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
        r.receive(p); // bounded by SO_TIMEOUT
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    private static void send(DatagramSocket s, String text, SocketAddress to) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.send(to == null ? new DatagramPacket(b, b.length) : new DatagramPacket(b, b.length, to));
    }

    /** A directory holding the junixsocket jars under the names lib/engine gives them. */
    private Path libDirWithJunixsocket() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("engine"));
        for (String artifact : List.of("junixsocket-common", "junixsocket-native-common")) {
            URL u = getClass().getClassLoader()
                    .getResource("META-INF/maven/com.kohlschutter.junixsocket/" + artifact + "/pom.properties");
            assertTrue("no " + artifact + " on the test class path", u != null && "jar".equals(u.getProtocol()));
            URL jar = ((JarURLConnection) u.openConnection()).getJarFileURL();
            Files.copy(Path.of(URI.create(jar.toString())), lib.resolve(artifact + ".jar"));
        }
        return lib;
    }

    @Test
    public void theJarsOfTheLibDirAreLoadedByALoaderOfTheirOwnAndSendToAPathAndAnAbstractName() throws Exception {
        Path lib = libDirWithJunixsocket();
        UnixDatagram u = UnixDatagram.load(lib);
        assertSame("one loader per directory", u, UnixDatagram.load(dir.resolve("x/../engine")));

        DatagramSocket s = closing(u.open());
        ClassLoader loader = s.getClass().getClassLoader();
        assertNotSame(AFUNIXDatagramSocket.class.getClassLoader(), loader);
        assertEquals("junixsocket", loader.getName());
        assertEquals("org.newsclub.net.unix.AFUNIXDatagramSocket", s.getClass().getName());

        Path path = dir.resolve("sock");
        AFUNIXDatagramSocket atPath = receiver(AFUNIXSocketAddress.of(path));
        send(s, "to a path", u.address(path.toString()));
        assertEquals("to a path", receive(atPath));

        String name = "daos-unix-dgram-test-" + UUID.randomUUID();
        AFUNIXDatagramSocket abstractName = receiver(AFUNIXSocketAddress.inAbstractNamespace(name));
        send(s, "to an abstract name", u.address("@" + name));
        assertEquals("to an abstract name", receive(abstractName));

        DatagramSocket connected = closing(u.connect(path.toString()));
        send(connected, "connected", null);
        assertEquals("connected", receive(atPath));
    }

    @Test
    public void aLibDirWithoutJunixsocketJarsMeansTheLaunchersOwnLoader() throws Exception {
        for (Path none : new Path[] {dir, dir.resolve("absent"), null}) {
            DatagramSocket s = closing(UnixDatagram.load(none).open());
            assertSame(String.valueOf(none), AFUNIXDatagramSocket.class, s.getClass());
        }
    }

    @Test
    public void jarsThatHoldNoJunixsocketAreAClearIoException() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(lib.resolve("junixsocket-common.jar"), "not a jar");
        IOException e = assertThrows(IOException.class, () -> UnixDatagram.load(lib));
        assertEquals("no class org.newsclub.net.unix.AFUNIXDatagramSocket in the junixsocket-*.jar of " + lib,
                e.getMessage());
    }

    @Test
    public void aSocketNobodyListensOnIsAnIoExceptionWhenSending() throws Exception {
        UnixDatagram u = UnixDatagram.load(null);
        DatagramSocket s = closing(u.open());
        SocketAddress absent = u.address(dir.resolve("absent").toString());
        assertThrows(IOException.class, () -> send(s, "lost", absent));
    }

    /** Only reflection reaches junixsocket: bin/daos_server never puts it on the launcher's class path. */
    @Test
    public void theLauncherIsNeverCompiledAgainstJunixsocket() throws Exception {
        Path classes = Path.of(UnixDatagram.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(UnixDatagram.class.getPackageName().replace('.', '/'));
        List<String> linking = new ArrayList<>();
        try (Stream<Path> all = Files.walk(classes)) {
            for (Path c : (Iterable<Path>) all.filter(p -> p.toString().endsWith(".class"))::iterator) {
                if (new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1).contains("org/newsclub/")) {
                    linking.add(classes.relativize(c).toString());
                }
            }
        }
        assertEquals(List.of(), linking);
    }
}
