package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.itest.support.TestFiles;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.ScmMountResult;
import io.daos.control.proto.ctl.StorageFormatReq;
import io.daos.control.proto.ctl.StorageFormatResp;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;

/**
 * SIGKILL of daos_server at random points during format (anywhere in the StorageFormat call, while
 * an SCM is formatted, and in the join phase that writes and rewrites the superblocks),
 * then start again: never a half-written superblock (each
 * {@code <scm_mount>/superblock} is absent or complete and sane, SPEC-SERVER §4.9; no other
 * superblock-like file than the {@code .staging} one), and format can be run again (§4.10: SCM
 * still mounted without superblock → StorageFormat with reformat) until both ranks are joined.
 * Runs as root (real tmpfs SCM). {@code -Dformatcrash.seed=<n>} repeats a run,
 * {@code -Dformatcrash.rounds=<n>} (default 8).
 */
public class FormatCrashIT {

    private static final long START_MS = 60_000;
    private static final long EVENT_MS = 30_000;

    @ClassRule
    public static final DistRule DIST = new DistRule("e2e-formatcrash")
            .assuming("FormatCrashIT needs root (real tmpfs SCM mounts): skipped", NodeSupport::isRoot);

    @Rule
    public final WorkRule work = new WorkRule(DIST, "e2e-formatcrash-work");

    private NodeSupport node;
    private ServerProcess server;
    private ManagedChannel channel;
    private volatile long repliedAt;

    @Before
    public void setUp() throws Exception {
        node = work.node(false);
    }

    private void closeChannel() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            channel = null;
        }
    }

    /** Starts daos_server; returns the log line count before the start. */
    private int startServer() throws Exception {
        int mark = node.logLines();
        server = work.track(node.start());
        assertEquals(node.port, server.awaitListening(START_MS));
        channel = work.channel(node.port);
        return mark;
    }

    private CompletableFuture<StorageFormatResp> formatAsync(boolean reformat) {
        CompletableFuture<StorageFormatResp> f = new CompletableFuture<>();
        MgmtCtlGrpc.newStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS)
                .storageFormat(StorageFormatReq.newBuilder().setReformat(reformat).build(),
                        new StreamObserver<>() {
                            private StorageFormatResp last;

                            @Override
                            public void onNext(StorageFormatResp r) {
                                last = r;
                            }

                            @Override
                            public void onError(Throwable t) {
                                f.completeExceptionally(t);
                            }

                            @Override
                            public void onCompleted() {
                                repliedAt = System.nanoTime();
                                f.complete(last);
                            }
                        });
        return f;
    }

    /** Waits until both ranks are joined and set up; checks SystemQuery: two members, Started. */
    private void awaitBothJoined(int mark) throws Exception {
        node.awaitMemberAdded(server, mark, 0, EVENT_MS);
        node.awaitMemberAdded(server, mark, 1, EVENT_MS);
        node.awaitSetUp(server, mark, EVENT_MS);
        List<SystemMember> members = MgmtCtlGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .systemQuery(SystemQueryReq.getDefaultInstance()).getMembersList();
        assertEquals(members.toString(), 2, members.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(members.toString(), i, members.get(i).getRank());
            assertEquals(members.toString(), 1, members.get(i).getState()); // Started
        }
    }

    /** SIGTERM: exit 0, no engine left; then the SCM is unmounted so the next start waits for format. */
    private void stopAndWipe() throws Exception {
        List<ProcessHandle> engines = node.engineProcesses();
        closeChannel();
        server.terminate();
        assertEquals(0, server.awaitExit(START_MS));
        server = null;
        awaitGone(engines);
        node.unmountScm();
    }

    /**
     * Waits until {@code procs} and every other engine process of this node have exited, each
     * on its exit event, 10 s at most in all. A kill can land just after the harness spawned an
     * engine that {@code procs}, listed before the kill, does not hold: the parent-death signal
     * ends it too, but asynchronously, so the listing is repeated until it is empty.
     */
    private void awaitGone(List<ProcessHandle> procs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<ProcessHandle> left = procs;
        while (!left.isEmpty()) {
            for (ProcessHandle h : left) {
                try {
                    h.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    fail("left behind 10 s after daos_server: " + h.pid() + " "
                            + h.info().commandLine().orElse(""));
                }
            }
            left = node.engineProcesses();
        }
    }

    @Test
    public void sigkillDuringFormatNeverLeavesAHalfWrittenSuperblockAndFormatRunsAgain() throws Exception {
        long seed = Long.getLong("formatcrash.seed", System.nanoTime());
        int rounds = Integer.getInteger("formatcrash.rounds", 8);
        System.out.println("[FormatCrashIT] seed " + seed + " (-Dformatcrash.seed=" + seed + " repeats it), "
                + rounds + " rounds");
        Random rnd = new Random(seed);

        // calibration: one undisturbed format; how long the format call and the join phase take
        int mark = startServer();
        node.awaitLog(server, mark, l -> l.contains("SCM format required on instance 0"), EVENT_MS);
        long t0 = System.nanoTime();
        StorageFormatResp first = FormatAgain.format(channel, false);
        long formatNs = System.nanoTime() - t0;
        for (ScmMountResult m : first.getMretsList()) {
            assertEquals(first.toString(), 0, m.getState().getStatusValue());
        }
        awaitBothJoined(mark);
        long joinNs = System.nanoTime() - t0 - formatNs;
        System.out.printf("[FormatCrashIT] calibration: format call %.1f ms, then join phase %.1f ms%n",
                formatNs / 1e6, joinNs / 1e6);
        stopAndWipe();

        for (int round = 0; round < rounds; round++) {
            // three kinds of kill point in turn: anywhere in the format call; while an SCM is
            // formatted (its "Starting format" log line, then 0-2 ms: often SCM mounted and no
            // superblock yet, the case only a reformat resolves); in the join phase (superblock
            // creation and rewrites)
            int kind = round % 3;
            long delayNs = switch (kind) {
                case 0 -> (long) (rnd.nextDouble() * formatNs);
                case 1 -> (long) (rnd.nextDouble() * 2_000_000L);
                default -> formatNs + (long) (rnd.nextDouble() * joinNs);
            };
            int formatting = rnd.nextInt(2);
            String phase = switch (kind) {
                case 0 -> "format phase";
                case 1 -> "after instance " + formatting + " 'Starting format of SCM'";
                default -> "join phase";
            };

            mark = startServer();
            node.awaitLog(server, mark, l -> l.contains("SCM format required on instance 0"), EVENT_MS);
            int gate = node.logLines();
            long sent = System.nanoTime();
            CompletableFuture<StorageFormatResp> pending = formatAsync(false);
            if (kind == 1) {
                String scm = ":" + node.scm(formatting) + ")";
                node.awaitLog(server, gate, l -> l.contains("Starting format of SCM") && l.contains(scm), EVENT_MS);
            }
            TimeUnit.NANOSECONDS.sleep(delayNs); // the deliberate random kill point
            List<ProcessHandle> before = node.engineProcesses();
            ProcessHandle jvm = server.process.toHandle();
            assertTrue(jvm.destroyForcibly());
            server.awaitExit(30_000);
            server = null;
            String replied = "format pending";
            if (pending.isDone() && !pending.isCompletedExceptionally()) {
                // the first calibrated call is slower (cold JIT, connection set-up): follow the
                // format duration actually seen so that the kills keep landing inside the format
                formatNs = repliedAt - sent;
                replied = String.format("format replied after %.1f ms", formatNs / 1e6);
            }
            closeChannel();
            awaitGone(before);

            String sb0 = Superblocks.check(node.scm(0), 0);
            String sb1 = Superblocks.check(node.scm(1), 1);
            System.out.printf("[FormatCrashIT] round %d: SIGKILL after %.1f ms (%s, %s, mounted %b/%b): superblock 0 %s, 1 %s%n",
                    round, delayNs / 1e6, phase, replied,
                    TestFiles.isMountPoint(node.scm(0)), TestFiles.isMountPoint(node.scm(1)), sb0, sb1);

            // start again: whatever state the crash left, format (with reformat if the reply says
            // the storage is already formatted) brings both ranks up
            mark = startServer();
            String how = FormatAgain.afterRestart(node, server, mark, channel, EVENT_MS);
            awaitBothJoined(mark);
            Superblocks.check(node.scm(0), 0);
            Superblocks.check(node.scm(1), 1);
            System.out.println("[FormatCrashIT] round " + round + ": restarted, " + how + ", both ranks joined");
            stopAndWipe();
        }
    }
}
