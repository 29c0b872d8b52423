package io.daos.control.harness.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import io.daos.control.api.config.ServerConfig;

/**
 * The gate on its own, with two real instances (fake hooks, superblocks in the work directory)
 * and the calling or a helper thread as the harness thread: the storage checks, the waits for a
 * release and their log lines, the superblocks, leaving the gate, re-entry and the end on close.
 */
public class FormatGateTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    @Rule
    public Timeout timeout = Timeout.seconds(60);

    private Fixture fx;
    private InstanceLog log;
    private List<IOServerInstance> instances;
    private FormatGate gate;
    private Fixture.LogCapture capture;

    @Before
    public void setUp() throws Exception {
        fx = new Fixture(tmp.getRoot().toPath());
        log = new InstanceLog(fx.dir.resolve(InstanceLog.FILE_NAME));
        ServerConfig cfg = fx.config2("");
        IOServerInstance.Owner owner = new Fixture.IdleOwner();
        instances = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            instances.add(new IOServerInstance(i, cfg.servers().get(i), cfg, fx.hooks, new AccessPoints(cfg),
                    new IOServerRunner(i, fx.dir.resolve("x"), Map.of(), log), owner));
        }
        gate = new FormatGate(instances);
        capture = new Fixture.LogCapture(IOServerInstance.class); // the gate logs as its instances
    }

    @After
    public void tearDown() {
        capture.close();
        log.close();
        fx.close();
    }

    private List<String> logged() {
        return capture.messages();
    }

    /** The harness's passage on a thread of its own. */
    private CompletableFuture<Void> passAsync(Thread[] thread) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        thread[0] = new Thread(() -> {
            try {
                gate.pass(() -> false);
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "test-harness");
        thread[0].start();
        return done;
    }

    @Test
    public void usableStorageIsPassedAtOnceThenTheGateIsLeftAndFormatRefused() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-1", 1));
        fx.writeSuperblock(1, Fixture.ranked("u-2", 2));
        assertEquals(Optional.of("before"), gate.atGate(() -> "before"));
        gate.pass(() -> false);
        assertTrue(gate.isLeft());
        assertEquals(List.of(0, 1), new ArrayList<>(fx.hooks.checks));
        assertEquals(List.of(), logged()); // no wait, no line
        assertEquals(Optional.empty(), gate.atGate(() -> "after"));
        gate.release(0); // after the gate: nothing, the superblock read at the gate is kept
        assertEquals("u-1", instances.get(0).superblock().uuid);
        assertFalse(gate.harnessWaiting());
    }

    @Test
    public void anInstanceWaitsForItsReleaseWithTheReferenceLogLines() throws Exception {
        fx.writeSuperblock(1, Fixture.ranked("u-3", 3));
        Thread[] harness = new Thread[1];
        CompletableFuture<Void> passed = passAsync(harness);
        assertEquals(Integer.valueOf(0), fx.hooks.checks.poll(20, TimeUnit.SECONDS));
        assertEquals(Optional.of(true), gate.atGate(() -> {
            assertTrue(gate.harnessWaiting());
            gate.release(0);
            return true;
        }));
        passed.get(20, TimeUnit.SECONDS);
        assertTrue(gate.isLeft());
        assertEquals(2, logged().size());
        assertTrue(logged().get(0), logged().get(0).startsWith("SCM format required on instance 0; awaiting format: "));
        assertEquals("DAOS I/O Server instance 0 storage ready", logged().get(1));
        Superblock sb0 = fx.superblockOnDisk(0);
        assertTrue(sb0.ms && sb0.bootstrapMs); // created at the gate: instance 0 is the replica
        assertEquals("u-3", fx.superblockOnDisk(1).uuid); // read at the gate, kept
    }

    @Test
    public void aReleaseBeforeTheCheckPassesWithoutTheFormatRequiredLine() throws Exception {
        gate.release(0);
        gate.release(1);
        gate.pass(() -> false);
        assertEquals(List.of("DAOS I/O Server instance 0 storage ready",
                "DAOS I/O Server instance 1 storage ready"), logged());
        assertNotNull(instances.get(1).superblock());
    }

    @Test
    public void aReformatOfStorageReadAtTheGateGetsANewSuperblock() throws Exception {
        Superblock old = Fixture.ranked("u-4", 0);
        fx.writeSuperblock(0, old);
        Thread[] harness = new Thread[1];
        CompletableFuture<Void> passed = passAsync(harness);
        fx.hooks.checks.poll(20, TimeUnit.SECONDS);
        assertEquals(Integer.valueOf(1), fx.hooks.checks.poll(20, TimeUnit.SECONDS)); // 0 was usable
        gate.atGate(() -> {
            assertEquals("u-4", instances.get(0).superblock().uuid);
            java.nio.file.Files.delete(fx.dir.resolve("scm0").resolve(Superblock.FILE_NAME)); // wiped
            gate.release(0);
            gate.release(1);
            return true;
        });
        passed.get(20, TimeUnit.SECONDS);
        assertNotEquals("u-4", fx.superblockOnDisk(0).uuid);
        assertEquals(fx.superblockOnDisk(0).uuid, instances.get(0).superblock().uuid);
    }

    @Test
    public void theHolderReentersAndTheWorksExceptionPassesThrough() throws Exception {
        assertEquals(Optional.of(Optional.of("inner")), gate.atGate(() -> {
            assertTrue(gate.heldByCurrentThread());
            return gate.atGate(() -> "inner");
        }));
        assertFalse(gate.heldByCurrentThread());
        IOException e = assertThrows(IOException.class, () -> gate.atGate(() -> {
            throw new IOException("mkfs failed");
        }));
        assertEquals("mkfs failed", e.getMessage());
        assertFalse(gate.heldByCurrentThread()); // let go on the exception
        assertEquals(Optional.of(1), gate.atGate(() -> 1));
    }

    @Test
    public void closingEndsTheWaitForAReleaseWithTheReferenceLine() throws Exception {
        assertThrows(HarnessClosed.class, () -> gate.pass(() -> true)); // closed before the wait
        assertEquals("DAOS I/O Server instance 0 storage not ready: context canceled", logged().get(logged().size() - 1));
        assertFalse(gate.isLeft());
        assertFalse(gate.harnessWaiting());

        capture.records.clear();
        Thread[] harness = new Thread[1];
        CompletableFuture<Void> passed = passAsync(harness);
        Fixture.awaitTrue("the harness waits for instance 0", () -> logged().size() == 1);
        Fixture.awaitTrue("the harness lets go of the gate", gate::harnessWaiting);
        harness[0].interrupt(); // what close() does
        Throwable e = assertThrows(ExecutionException.class, () -> passed.get(20, TimeUnit.SECONDS)).getCause();
        assertSame(HarnessClosed.class, e.getClass());
        assertEquals("DAOS I/O Server instance 0 storage not ready: context canceled", logged().get(1));
        assertEquals(Optional.of("free"), gate.atGate(() -> "free")); // the gate is free again
    }
}
