package io.daos.control.management.internal.raft;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.SystemDb;
import io.daos.control.management.internal.db.SystemStore.Leadership;

/**
 * A leader whose connection to a restarting follower was accepted and reset (a port check, a
 * peer killed in the middle of the handshake) and that follower, restarted: it knows a leader
 * again within an election or two, and writes through it succeed.
 * <p>
 * Ratis 3.3.0's Netty client does not recover from such a reset (a NullPointerException, then
 * "ILLEGAL TRANSITION CLOSED -> RUNNING"): the leader's appender for the peer restarts in a loop,
 * or stops trying. With pre-vote on, the restarted follower's pre-votes were refused by the peer
 * that still heard the leader, and it knew no leader until leadership changed: this test failed in
 * 4 of 12 runs. Without pre-vote ({@link RaftConfig}) the follower stands with a higher term,
 * leadership changes, and the new leader's connections are fresh (24 of 24 runs).
 */
public class ResetPeerTest {

    private static final RaftStore.Timing FAST = new RaftStore.Timing(Duration.ofMillis(300), Duration.ofMillis(600));
    private static final String SYSTEM = "daos_server";

    static {
        java.util.logging.Logger.getLogger("org.apache.ratis").setLevel(java.util.logging.Level.OFF);
    }

    private Path dir;
    private final List<String> addresses = new ArrayList<>();
    private final RaftStore[] stores = new RaftStore[3];

    @Before
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("raft-reset");
        for (int i = 0; i < 3; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                addresses.add("127.0.0.1:" + s.getLocalPort());
            }
        }
    }

    @After
    public void tearDown() throws IOException {
        if (dir == null) {
            return;
        }
        for (RaftStore s : stores) {
            if (s != null) {
                s.close();
            }
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private RaftStore open(int i) throws IOException {
        stores[i] = RaftStore.open(dir.resolve("ap" + i), SYSTEM, addresses, i, RaftStore.Tuning.DEFAULT, FAST);
        return stores[i];
    }

    private int leader() {
        for (int tries = 0; tries < 100; tries++) {
            for (RaftStore s : stores) {
                if (s != null) {
                    Leadership l = s.awaitLeader(Duration.ofSeconds(10));
                    if (l.leader() >= 0 && stores[l.leader()] != null && stores[l.leader()].leadership().isLeader()) {
                        return l.leader();
                    }
                }
            }
        }
        throw new AssertionError("no leader");
    }

    @Test
    public void aFollowerWhoseConnectionWasResetIsReachedAgain() throws Exception {
        for (int i = 0; i < 3; i++) {
            open(i);
        }
        int leader = leader();
        assertTrue(stores[leader].submit(new Command.Bootstrap(new UUID(7, 0), 0, "10.0.0.100:10001", "ofi+tcp://b", 1))
                .succeeded());
        int f = (leader + 1) % 3;
        stores[f].close();
        stores[f] = null;

        // the follower's port accepts the leader's reconnection attempts and resets them
        int port = Integer.parseInt(addresses.get(f).substring(addresses.get(f).lastIndexOf(':') + 1));
        CountDownLatch resets = new CountDownLatch(2);
        Thread t;
        boolean tried;
        try (ServerSocket trap = new ServerSocket()) {
            trap.setReuseAddress(true);
            trap.bind(new InetSocketAddress("127.0.0.1", port));
            t = new Thread(() -> {
                while (!trap.isClosed()) {
                    try (Socket c = trap.accept()) {
                        c.setSoLinger(true, 0); // close with a reset
                        resets.countDown();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            t.start();
            // the leader's appender reconnects with back-off, or (wedged) stops trying: the
            // follower must come back either way, so this only waits for the first reset or two
            tried = resets.await(20, TimeUnit.SECONDS);
        }
        t.join(10_000); // the listening socket is released once its accept has returned

        RaftStore back = open(f);
        Leadership l = back.awaitLeader(Duration.ofSeconds(15));
        assertTrue("the restarted follower knows the leader: " + back.state() + " (the leader's connections"
                + " were reset " + (tried ? "twice or more" : "fewer than twice") + ")", l.leader() >= 0);
        assertTrue(back.submit(new Command.Join(new UUID(7, 1), SystemDb.NIL_RANK, "10.0.0.1:10001", "ofi+tcp://1", 1))
                .succeeded());
    }
}
