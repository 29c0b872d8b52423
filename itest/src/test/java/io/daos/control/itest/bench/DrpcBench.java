package io.daos.control.itest.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.newsclub.net.unix.AFDatagramSocket;
import org.newsclub.net.unix.AFSocketType;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import com.google.protobuf.ByteString;

import io.daos.control.api.drpc.DrpcModule;
import io.daos.control.drpc.DrpcClientImpl;
import io.daos.control.drpc.DrpcServer;
import io.daos.control.itest.support.TestFiles;
import io.daos.control.proto.drpc.Call;

/**
 * dRPC round trip: {@link DrpcClientImpl} to {@link DrpcServer} to a no-op module, against a raw
 * junixsocket SOCK_SEQPACKET echo of the same Call bytes (a raw echo thread per connection and a
 * raw client socket): p50 latency of both (SampleTime) and calls/second through DrpcClientImpl on
 * one connection and on 8 concurrent connections (Throughput, each thread its own client).
 *
 * <p>Run: {@code mvn -B -o -pl itest -Pbench verify -Dbench=DrpcBench} (after
 * {@code mvn -B -o install -DskipTests}).
 */
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
public class DrpcBench {

    static final int MODULE = 3;
    static final int METHOD = 301;
    static final byte[] BODY = new byte[64];
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The dRPC server and the raw echo server, shared by all threads. */
    @State(Scope.Benchmark)
    public static class Servers {
        Path dir;
        Path drpcSock;
        Path rawSock;
        DrpcServer server;
        AFUNIXDatagramSocket rawListener;
        Thread rawAcceptor;

        @Setup(Level.Trial)
        public void start() throws IOException {
            dir = Files.createTempDirectory("drpcb");
            drpcSock = dir.resolve("daos_server.sock");
            rawSock = dir.resolve("raw.sock");
            DrpcModule noop = new DrpcModule() {
                @Override
                public int moduleId() {
                    return MODULE;
                }

                @Override
                public byte[] handle(int method, byte[] body) {
                    return new byte[0];
                }
            };
            server = DrpcServer.start(drpcSock, id -> id == MODULE ? noop : null);
            rawListener = AFUNIXDatagramSocket.newInstance(AFSocketType.SOCK_SEQPACKET);
            rawListener.bind(AFUNIXSocketAddress.of(rawSock));
            rawListener.listen(16);
            rawAcceptor = new Thread(this::rawAccept, "raw-echo-accept");
            rawAcceptor.setDaemon(true);
            rawAcceptor.start();
        }

        private void rawAccept() {
            while (!rawListener.isClosed()) {
                try {
                    AFDatagramSocket<AFUNIXSocketAddress> c = rawListener.accept();
                    Thread t = new Thread(() -> rawEcho(c), "raw-echo");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void rawEcho(AFDatagramSocket<AFUNIXSocketAddress> c) {
            byte[] buf = new byte[16385];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try (c) {
                while (true) {
                    p.setData(buf, 0, buf.length);
                    c.receive(p);
                    c.send(new DatagramPacket(buf, p.getLength()));
                }
            } catch (IOException e) {
                // peer gone
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            server.close();
            rawListener.close();
            rawAcceptor.join(3000);
            TestFiles.deleteTree(dir);
        }
    }

    /** Each thread's own DrpcClientImpl and raw client socket. */
    @State(Scope.Thread)
    public static class Clients {
        DrpcClientImpl drpc;
        AFUNIXDatagramSocket raw;
        byte[] callBytes;
        byte[] rawIn = new byte[16385];

        @Setup(Level.Trial)
        public void open(Servers s) throws IOException {
            drpc = new DrpcClientImpl(s.drpcSock);
            raw = AFUNIXDatagramSocket.newInstance(AFSocketType.SOCK_SEQPACKET);
            raw.connect(AFUNIXSocketAddress.of(s.rawSock));
            raw.setSoTimeout(10_000);
            // the same bytes the dRPC client sends (a typical sequence number)
            callBytes = Call.newBuilder().setModule(MODULE).setMethod(METHOD).setSequence(12345)
                    .setBody(ByteString.copyFrom(BODY)).build().toByteArray();
        }

        @TearDown(Level.Trial)
        public void close() {
            drpc.close();
            raw.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] drpc(Clients c) throws Exception {
        return c.drpc.call(MODULE, METHOD, BODY, TIMEOUT);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int raw(Clients c) throws Exception {
        c.raw.send(new DatagramPacket(c.callBytes, c.callBytes.length));
        DatagramPacket p = new DatagramPacket(c.rawIn, c.rawIn.length);
        c.raw.receive(p);
        return p.getLength();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(1)
    public byte[] callsPerSecond1(Clients c) throws Exception {
        return c.drpc.call(MODULE, METHOD, BODY, TIMEOUT);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(8)
    public byte[] callsPerSecond8(Clients c) throws Exception {
        return c.drpc.call(MODULE, METHOD, BODY, TIMEOUT);
    }

    /** Runs all four in one JMH run and prints the RESULT line. */
    public static void main(String[] args) throws Exception {
        Options opts = new OptionsBuilder().include(DrpcBench.class.getName() + "\\.").build();
        double drpcP50 = 0;
        double rawP50 = 0;
        double tp1 = 0;
        double tp8 = 0;
        for (RunResult r : new Runner(opts).run()) {
            String label = r.getParams().getBenchmark();
            if (label.endsWith(".drpc")) {
                drpcP50 = r.getPrimaryResult().getStatistics().getPercentile(50);
            } else if (label.endsWith(".raw")) {
                rawP50 = r.getPrimaryResult().getStatistics().getPercentile(50);
            } else if (label.endsWith(".callsPerSecond1")) {
                tp1 = r.getPrimaryResult().getScore();
            } else if (label.endsWith(".callsPerSecond8")) {
                tp8 = r.getPrimaryResult().getScore();
            }
        }
        if (!(drpcP50 > 0 && rawP50 > 0 && tp1 > 0 && tp8 > 0)) {
            throw new IllegalStateException("benchmark failed: missing results " + Arrays.toString(
                    new double[] {drpcP50, rawP50, tp1, tp8}) + " (see the JMH output above)");
        }
        System.out.printf("%nRESULT drpc round trip p50: drpc %.1f us, raw seqpacket echo %.1f us, ratio drpc/raw %.3f"
                + " (goal <= 1.5); throughput %.0f calls/s on 1 connection, %.0f calls/s on 8 connections%n",
                drpcP50, rawP50, drpcP50 / rawP50, tp1, tp8);
    }
}
