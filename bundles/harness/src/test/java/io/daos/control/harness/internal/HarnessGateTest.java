package io.daos.control.harness.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.harness.Harness.GateWork;

/**
 * StorageFormat against the harness thread at the format gate, two instances: a format holds the
 * gate for the whole of its work, so the harness never checks or writes an instance's storage
 * while a format runs (neither the next instance while the same format still formats it, nor
 * anything between two formats), and from the moment the harness leaves the gate every format is
 * refused. The "formats" are fake gate works that record what the harness did meanwhile through
 * the hooks' storage checks and the superblock files.
 */
public class HarnessGateTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    @Rule
    public Timeout timeout = Timeout.seconds(60);

    private Fixture fx;
    private IOServerHarness harness;
    private FormatGate gate;

    @Before
    public void setUp() throws Exception {
        fx = new Fixture(tmp.getRoot().toPath());
    }

    @After
    public void tearDown() {
        if (harness != null) {
            harness.close();
        }
        fx.close();
    }

    private IOServerHarness harness(Fixture.Hooks hooks) throws Exception {
        harness = new IOServerHarness(fx.config2(""), null, fx.script("exec sleep 600"),
                Map.of("PATH", System.getenv("PATH")), fx.dir.resolve("log"), hooks, 0);
        gate = harness.gate();
        return harness;
    }

    private Path superblock(int i) {
        return fx.dir.resolve("scm" + i).resolve(Superblock.FILE_NAME);
    }

    private boolean anySuperblock() {
        return Files.exists(superblock(0)) || Files.exists(superblock(1));
    }

    /** A format on its own thread. */
    private <T> CompletableFuture<Optional<T>> formatAsync(GateWork<T, Exception> work) {
        CompletableFuture<Optional<T>> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(harness.atFormatGate(work));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "test-format");
        t.start();
        return f;
    }

    @Test
    public void aFormatThatReleasedAnInstanceKeepsTheHarnessBackUntilItReturns() throws Exception {
        Fixture.Hooks hooks = fx.hooks;
        harness(hooks).start();
        assertEquals(Integer.valueOf(0), hooks.checks.poll(20, TimeUnit.SECONDS)); // instance 0 needs format
        AtomicReference<CompletableFuture<Optional<String>>> second = new AtomicReference<>();
        Optional<String> first = harness.atFormatGate(() -> {
            assertTrue("the work holds the gate", gate.heldByCurrentThread());
            harness.storageReady(0);
            // still formatting (instance 1 next): the harness, released, waits for this work
            assertTrue(gate.harnessWaiting());
            // ... and so does a format that asks now; block until it waits
            CompletableFuture<Optional<String>> f = formatAsync(() -> {
                // the harness went first: it has checked instance 1 and now waits for its release
                assertEquals(Integer.valueOf(1), hooks.checks.poll());
                assertTrue(gate.harnessWaiting());
                assertFalse(anySuperblock());
                harness.storageReady(1);
                return "second";
            });
            second.set(f);
            Fixture.awaitTrue("the second format waits for the gate", () -> gate.formatsWaiting() == 1 || f.isDone());
            assertFalse(f.isDone());
            assertNull("no storage check while this work holds the gate", hooks.checks.peek());
            assertFalse("no superblock while this work holds the gate", anySuperblock());
            assertFalse(harness.isStarted());
            return "first";
        });
        assertEquals(Optional.of("first"), first);
        assertEquals(Optional.of("second"), second.get().get(20, TimeUnit.SECONDS));
        fx.awaitSpawn(1, new ArrayList<>()); // both released: superblocks, then the start
        assertTrue(harness.isStarted());
        assertTrue(Files.exists(superblock(0)) && Files.exists(superblock(1)));
        assertNull(hooks.checks.peek()); // each instance checked once
    }

    @Test
    public void aFormatWaitsWhileTheHarnessChecksAnInstancesStorage() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-1", 1));
        CountDownLatch checking1 = new CountDownLatch(1);
        CountDownLatch finishCheck1 = new CountDownLatch(1);
        Fixture.Hooks hooks = new Fixture.Hooks() {
            @Override
            public boolean scmNeedsFormat(IOServerConfig config) {
                if (config.index() == 1) {
                    checking1.countDown();
                    try {
                        finishCheck1.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return false;
            }
        };
        harness(hooks).start();
        assertTrue(checking1.await(20, TimeUnit.SECONDS));
        CountDownLatch ran = new CountDownLatch(1);
        CompletableFuture<Optional<String>> f = formatAsync(() -> {
            ran.countDown();
            harness.storageReady(1);
            return "formatted";
        });
        Fixture.awaitTrue("the format waits for the gate", () -> gate.formatsWaiting() == 1 || ran.getCount() == 0);
        assertEquals("the format ran during the storage check", 1, ran.getCount());
        finishCheck1.countDown(); // instance 1 has no superblock: the harness waits for its release
        assertEquals(Optional.of("formatted"), f.get(20, TimeUnit.SECONDS));
        fx.awaitSpawn(1, new ArrayList<>());
        assertTrue(Files.exists(superblock(1)));
    }

    @Test
    public void aFormatAfterTheLastReleaseIsRefusedOnceTheSuperblocksAreWritten() throws Exception {
        Fixture.Hooks hooks = fx.hooks;
        harness(hooks).start();
        assertEquals(Integer.valueOf(0), hooks.checks.poll(20, TimeUnit.SECONDS));
        synchronized (gate.monitor()) { // the released harness cannot take its turn before we ask again
            assertEquals(Optional.of(2), harness.atFormatGate(() -> {
                harness.storageReady(0);
                harness.storageReady(1);
                return 2;
            }));
            assertFalse(anySuperblock());
            // asked right after: the harness goes first, through the superblocks and out of the gate
            assertEquals(Optional.empty(), harness.atFormatGate(() -> "reformat"));
        }
        assertTrue(harness.isStarted());
        assertTrue(Files.exists(superblock(0)) && Files.exists(superblock(1)));
    }

    @Test
    public void closeEndsTheHarnessThreadWhileAFormatHoldsTheGate() throws Exception {
        harness(fx.hooks).start();
        assertEquals(Integer.valueOf(0), fx.hooks.checks.poll(20, TimeUnit.SECONDS));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Optional<String>> f = formatAsync(() -> {
            harness.storageReady(0);
            holding.countDown();
            finish.await();
            return "formatted";
        });
        assertTrue(holding.await(20, TimeUnit.SECONDS));
        Thread t = harness.thread();
        harness.close();
        assertFalse("the harness thread still waits for the format", t.isAlive());
        finish.countDown();
        assertEquals(Optional.of("formatted"), f.get(20, TimeUnit.SECONDS));
        assertFalse(anySuperblock());
    }

    @Test
    public void closeEndsTheHarnessThreadWaitingToEnterTheGate() throws Exception {
        harness(fx.hooks);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Optional<String>> f = formatAsync(() -> {
            holding.countDown();
            finish.await();
            return "formatted";
        });
        assertTrue(holding.await(20, TimeUnit.SECONDS));
        harness.start(); // the gate is held: the harness thread waits to enter
        Thread t = harness.thread();
        Fixture.awaitTrue("the harness waits for the gate", gate::harnessWaiting);
        harness.close();
        assertFalse("the harness thread still waits for the format", t.isAlive());
        assertNull(fx.hooks.checks.peek());
        finish.countDown();
        assertEquals(Optional.of("formatted"), f.get(20, TimeUnit.SECONDS));
    }
}
