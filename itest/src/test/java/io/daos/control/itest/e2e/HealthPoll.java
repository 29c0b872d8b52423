package io.daos.control.itest.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.daos.control.itest.support.GrpcTestClient;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;

/**
 * One start timed as a monitoring client sees it (a measurement): a client that is already
 * running polls the control port from the moment {@code bin/daos_server start} is launched (a
 * TCP connect every millisecond until one is accepted, then a health check on a new channel,
 * again until one answers SERVING), so the figure is the server's: launch → first answered health
 * check. The banner (printed once every boot bundle has started, after the gRPC server listens)
 * is timed in the same start.
 */
final class HealthPoll {

    /** ms from launch to the first SERVING answer, and to the banner line. */
    record Times(double health, double banner) {
    }

    private HealthPoll() {
    }

    static Times startOnce(Dist dist, Path cfg, int port) throws Exception {
        long t0 = System.nanoTime();
        try (ServerProcess server = ServerProcess.start(dist, Map.of(), "start", "-o", cfg.toString())) {
            CompletableFuture<Double> banner = CompletableFuture.supplyAsync(() -> {
                try {
                    server.awaitListening(60_000);
                    return (System.nanoTime() - t0) / 1e6;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            double health = -1;
            long deadline = t0 + 60_000_000_000L;
            while (health < 0) {
                if (System.nanoTime() > deadline || !server.process.isAlive()) {
                    throw new IllegalStateException("no health answer: " + server.err());
                }
                if (!accepts(port)) {
                    Thread.sleep(1); // a poll interval of the measurement, not a synchronisation
                    continue;
                }
                try (GrpcTestClient c = new GrpcTestClient(port)) {
                    if (c.check("") == ServingStatus.SERVING) {
                        health = (System.nanoTime() - t0) / 1e6;
                    }
                } catch (StatusRuntimeException notYet) {
                    // listening but not serving yet: poll again
                }
            }
            double bannerMs = banner.get(60, TimeUnit.SECONDS);
            server.terminate();
            if (server.awaitExit(60_000) != 0) {
                throw new IllegalStateException("exit status != 0: " + server.err());
            }
            return new Times(health, bannerMs);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
