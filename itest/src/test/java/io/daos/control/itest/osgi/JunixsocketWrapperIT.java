package io.daos.control.itest.osgi;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.File;
import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.newsclub.net.unix.AFDatagramSocket;
import org.newsclub.net.unix.AFSocketType;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.FrameworkUtil;

/**
 * The junixsocket wrapper bundle inside Felix: its classes come from the wrapper, its native
 * library loads, and SOCK_SEQPACKET works in both roles (bind/listen/accept and connect) with
 * message boundaries kept — what dRPC (WIRE.md §4.1) needs.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JunixsocketWrapperIT {

    @Configuration
    public Option[] config() {
        File jar = Provisioning.reactorBundle("bundles/junixsocket", "io.daos.control.junixsocket");
        return new Option[] {
            workingDirectory("target/paxexam/" + getClass().getSimpleName() + "/" + UUID.randomUUID()),
            systemProperty("pax.exam.osgi.unresolved.fail").value("true"),
            junitBundles(),
            bundle(jar.toURI().toString()),
        };
    }

    @Test
    public void seqpacketBothWaysInsideFelix() throws Exception {
        assertEquals("io.daos.control.junixsocket",
                FrameworkUtil.getBundle(AFUNIXDatagramSocket.class).getSymbolicName());

        Path dir = Files.createTempDirectory("jx");
        AFUNIXSocketAddress address = AFUNIXSocketAddress.of(dir.resolve("t.sock").toFile());
        try (AFUNIXDatagramSocket listener = AFUNIXDatagramSocket.newInstance(AFSocketType.SOCK_SEQPACKET)) {
            listener.bind(address);
            listener.listen(1);
            CompletableFuture<byte[][]> served = CompletableFuture.supplyAsync(() -> {
                try (AFDatagramSocket<AFUNIXSocketAddress> conn = listener.accept()) {
                    byte[][] got = new byte[2][];
                    for (int i = 0; i < 2; i++) {
                        DatagramPacket p = new DatagramPacket(new byte[16384], 16384);
                        conn.receive(p);
                        got[i] = Arrays.copyOf(p.getData(), p.getLength());
                    }
                    byte[] reply = "pong".getBytes(StandardCharsets.UTF_8);
                    conn.send(new DatagramPacket(reply, reply.length));
                    return got;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (AFUNIXDatagramSocket client = AFUNIXDatagramSocket.newInstance(AFSocketType.SOCK_SEQPACKET)) {
                client.connect(address);
                byte[] first = "first".getBytes(StandardCharsets.UTF_8);
                byte[] second = new byte[3000];
                Arrays.fill(second, (byte) 7);
                client.send(new DatagramPacket(first, first.length));
                client.send(new DatagramPacket(second, second.length));
                DatagramPacket reply = new DatagramPacket(new byte[64], 64);
                client.receive(reply);
                assertEquals("pong", new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8));
                byte[][] got = served.get(30, TimeUnit.SECONDS);
                // one message per packet: two sends are two receives of exactly their sizes
                assertArrayEquals(first, got[0]);
                assertArrayEquals(second, got[1]);
            }
        } finally {
            Files.deleteIfExists(dir.resolve("t.sock"));
            Files.deleteIfExists(dir);
        }
    }
}
