package io.daos.control.itest.scale;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.daos.control.api.system.MemberState;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.stub.StreamObserver;

/** {@link SimHost}: the harness RPCs of its ranks, and the hung and dead modes. */
public class SimHostTest {

    private static final long WAIT_MS = 10_000;

    private NioEventLoopGroup group;
    private ExecutorService exec;
    private SimHost host;
    private ManagedChannel ch;
    private final AtomicInteger restarts = new AtomicInteger();

    @Before
    public void setUp() throws Exception {
        group = new NioEventLoopGroup(1);
        exec = Executors.newSingleThreadExecutor();
        host = SimHost.start(2, group, exec, h -> restarts.incrementAndGet());
        host.joined(0, 4);
        host.joined(1, 5);
        ch = NettyChannelBuilder.forAddress("127.0.0.1", host.port()).usePlaintext()
                .channelType(NioSocketChannel.class).eventLoopGroup(group).build();
    }

    @After
    public void tearDown() throws Exception {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        host.close();
        exec.shutdownNow();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }

    private MgmtSvcGrpc.MgmtSvcBlockingStub stub() {
        return MgmtSvcGrpc.newBlockingStub(ch).withDeadlineAfter(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    private static RanksReq all() {
        return RanksReq.getDefaultInstance();
    }

    private static String states(RanksResp r) {
        return r.getResultsList().stream()
                .map(x -> x.getRank() + ":" + x.getAction() + ":" + MemberState.fromCode(x.getState()).label()
                        + (x.getErrored() ? ":" + x.getMsg() : ""))
                .collect(Collectors.joining(","));
    }

    @Test
    public void runningRanksPingStartedAndPrepReportsStopping() {
        assertEquals("4:ping:Started,5:ping:Started", states(stub().pingRanks(all())));
        assertEquals("4:prep shutdown:Stopping,5:prep shutdown:Stopping", states(stub().prepShutdownRanks(all())));
        assertEquals("prep shutdown does not stop", "4:ping:Started,5:ping:Started", states(stub().pingRanks(all())));
        assertEquals(3, host.answeredCalls());
    }

    @Test
    public void rankListSelectsResults() {
        assertEquals("5:ping:Started", states(stub().pingRanks(RanksReq.newBuilder().addRanks(5).build())));
        assertEquals("", states(stub().pingRanks(RanksReq.newBuilder().addRanks(9).build())));
    }

    @Test
    public void stopThenStartRestartsEveryRankAndCallsTheRestartHook() {
        assertEquals("4:stop:Stopped", states(stub().stopRanks(RanksReq.newBuilder().addRanks(4).build())));
        assertEquals("4:ping:Stopped,5:ping:Started", states(stub().pingRanks(all())));
        assertEquals("4:prep shutdown:Stopped", states(stub().prepShutdownRanks(RanksReq.newBuilder().addRanks(4).build())));
        expectUnknown("can't start instances: already started", () -> stub().startRanks(all()));
        assertEquals(0, restarts.get());
        assertEquals("5:stop:Stopped", states(stub().stopRanks(RanksReq.newBuilder().addRanks(5).build())));
        assertEquals("4:start:Started", states(stub().startRanks(RanksReq.newBuilder().addRanks(4).build())));
        assertEquals("start restarts every rank of the host", "4:ping:Started,5:ping:Started",
                states(stub().pingRanks(all())));
        assertEquals(1, restarts.get());
        assertTrue(host.running(1));
    }

    @Test
    public void hostWithoutRankAnswersAsAHarnessWithoutSuperblockRank() {
        host.joined(1, io.daos.control.api.system.Rank.NIL.bits());
        expectUnknown("nil rank in superblock", () -> stub().pingRanks(all()));
    }

    @Test
    public void hungHostHoldsTheCallUntilTheClientCancels() throws Exception {
        host.mode(SimHost.Mode.HUNG);
        try {
            MgmtSvcGrpc.newBlockingStub(ch).withDeadlineAfter(300, TimeUnit.MILLISECONDS).pingRanks(all());
            fail("a hung host answered");
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        }
        assertEquals(1, host.hungCalls());
        awaitHeld(0);
        assertEquals(0, host.answeredCalls());
    }

    @Test
    public void hungHostEndsHeldCallsWhenItAnswersAgain() throws Exception {
        host.mode(SimHost.Mode.HUNG);
        CompletableFuture<Status> held = pingHeld();
        host.mode(SimHost.Mode.UP);
        assertEquals(Status.Code.UNAVAILABLE, held.get(WAIT_MS, TimeUnit.MILLISECONDS).getCode());
        assertEquals("4:ping:Started,5:ping:Started", states(stub().pingRanks(all())));
    }

    @Test
    public void deadHostRefusesAndComesBackOnTheSamePort() throws Exception {
        int port = host.port();
        host.mode(SimHost.Mode.DEAD);
        expectCode(Status.Code.UNAVAILABLE, () -> stub().pingRanks(all()));
        host.mode(SimHost.Mode.UP);
        assertEquals(port, host.port());
        assertEquals("127.0.0.1:" + port, host.address());
        assertEquals("4:ping:Started,5:ping:Started", states(stub().withWaitForReady().pingRanks(all())));
    }

    @Test
    public void closeEndsHeldCalls() throws Exception {
        host.mode(SimHost.Mode.HUNG);
        CompletableFuture<Status> held = pingHeld();
        host.close();
        assertFalse(held.get(WAIT_MS, TimeUnit.MILLISECONDS).isOk());
    }

    /** Sends a PingRanks without deadline and waits until the hung host holds it; ends with its status. */
    private CompletableFuture<Status> pingHeld() throws InterruptedException {
        CompletableFuture<Status> held = new CompletableFuture<>();
        MgmtSvcGrpc.newStub(ch).pingRanks(all(), new StreamObserver<RanksResp>() {
            @Override
            public void onNext(RanksResp value) {
                held.complete(Status.OK);
            }

            @Override
            public void onError(Throwable t) {
                held.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
            }
        });
        awaitHeld(1);
        return held;
    }

    /** Waits (polling the host's count, bounded) until {@code n} calls are held. */
    private void awaitHeld(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (host.heldCalls() != n) {
            if (System.nanoTime() > end) {
                fail("held calls: " + host.heldCalls() + ", want " + n);
            }
            Thread.sleep(10);
        }
    }

    private static void expectUnknown(String msg, Runnable call) {
        StatusRuntimeException e = expectCode(Status.Code.UNKNOWN, call);
        assertEquals(msg, e.getStatus().getDescription());
    }

    private static StatusRuntimeException expectCode(Status.Code code, Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            assertEquals(e.toString(), code, e.getStatus().getCode());
            return e;
        }
        throw new AssertionError("the call succeeded, want " + code);
    }
}
