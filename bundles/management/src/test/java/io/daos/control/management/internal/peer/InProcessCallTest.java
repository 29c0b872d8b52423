package io.daos.control.management.internal.peer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.After;
import org.junit.Test;

import io.daos.control.api.grpc.GrpcMethods;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.SystemStopReq;
import io.daos.control.proto.ctl.SystemStopResp;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;

/** A call made to a handler without a transport, as the leader runs a forwarded one. */
public class InProcessCallTest {

    private static final byte[] REQ = SystemStopReq.newBuilder().setForce(true).build().toByteArray();
    private final ExecutorService other = Executors.newSingleThreadExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @After
    public void stop() {
        other.shutdownNow();
        timer.shutdownNow();
    }

    private static ServerMethodDefinition<SystemStopReq, SystemStopResp> def(
            ServerCallHandler<SystemStopReq, SystemStopResp> handler) {
        return ServerMethodDefinition.create(MgmtCtlGrpc.getSystemStopMethod(), handler);
    }

    private static SystemStopResp reply(String msg) {
        return SystemStopResp.newBuilder().addResults(io.daos.control.proto.ctl.RankResult.newBuilder().setMsg(msg))
                .build();
    }

    /** Runs {@code body} in a context that ends after {@code ms}. */
    private <T> T within(long ms, java.util.concurrent.Callable<T> body) throws Exception {
        Context.CancellableContext c = Context.current().withDeadline(Deadline.after(ms, TimeUnit.MILLISECONDS), timer);
        try {
            return c.call(body);
        } finally {
            c.cancel(null);
        }
    }

    @Test
    public void aHandlerAnsweringOnTheCallingThreadIsAnsweredAtOnce() throws Exception {
        byte[] out = InProcessCall.invoke(def(GrpcMethods.unary((SystemStopReq r) -> reply("force " + r.getForce()))),
                REQ, null);
        assertEquals("force true", SystemStopResp.parseFrom(out).getResults(0).getMsg());
    }

    /** Waits until {@code t} is blocked waiting (the invoke waiting for the answer). */
    private static void awaitWaiting(Thread t) {
        while (t.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
    }

    @Test
    public void aHandlerAnsweringFromAnotherThreadIsWaitedForWithinTheCallsDeadline() throws Exception {
        // a whole-system stop may answer on a thread of its own, once its stages are done
        byte[] out = within(60_000, () -> InProcessCall.invoke(def(ServerCalls.asyncUnaryCall((req, obs) -> {
            Thread caller = Thread.currentThread();
            other.execute(() -> {
                awaitWaiting(caller);
                obs.onNext(reply("later"));
                obs.onCompleted();
            });
        })), REQ, null));
        assertEquals("later", SystemStopResp.parseFrom(out).getResults(0).getMsg());
    }

    @Test
    public void anErrorFromAnotherThreadIsTheCallsError() throws Exception {
        try {
            within(60_000, () -> InProcessCall.invoke(def(ServerCalls.asyncUnaryCall((req, obs) -> {
                Thread caller = Thread.currentThread();
                other.execute(() -> {
                    awaitWaiting(caller);
                    obs.onError(Status.ABORTED.withDescription("stage failed").asRuntimeException());
                });
            })), REQ, null));
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.ABORTED, e.getStatus().getCode());
            assertEquals("stage failed", e.getStatus().getDescription());
        }
    }

    @Test
    public void aHandlerThatNeverAnswersEndsWithTheCallsDeadlineAndSeesItCancelled() throws Exception {
        AtomicBoolean sawCancelled = new AtomicBoolean();
        CountDownLatch cancelled = new CountDownLatch(1);
        try {
            within(200, () -> InProcessCall.invoke(def(ServerCalls.asyncUnaryCall((req, obs) -> {
                ServerCallStreamObserver<SystemStopResp> o = (ServerCallStreamObserver<SystemStopResp>) obs;
                o.setOnCancelHandler(() -> {
                    sawCancelled.set(o.isCancelled());
                    cancelled.countDown();
                });
            })), REQ, null));
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
            assertEquals("ctl.MgmtCtl/SystemStop had not answered when its call ended", e.getStatus().getDescription());
        }
        assertTrue("the handler is told", cancelled.await(10, TimeUnit.SECONDS));
        assertTrue(sawCancelled.get());
    }

    @Test
    public void withoutADeadlineAHandlerThatDidNotAnswerIsAnInternalError() {
        try {
            InProcessCall.invoke(def(ServerCalls.asyncUnaryCall((req, obs) -> {
            })), REQ, null);
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
            assertEquals("ctl.MgmtCtl/SystemStop did not answer", e.getStatus().getDescription());
        }
    }

    @Test
    public void aRequestThatDoesNotDecodeIsInvalid() {
        try {
            InProcessCall.invoke(def(GrpcMethods.unary((SystemStopReq r) -> reply(""))), new byte[] {(byte) 0xff},
                    null);
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        }
    }
}
