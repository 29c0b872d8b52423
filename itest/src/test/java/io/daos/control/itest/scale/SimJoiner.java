package io.daos.control.itest.scale;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;

import io.daos.control.api.drpc.Der;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;

/**
 * Joins simulated ranks through an access point ({@code mgmt.MgmtSvc/Join}), at most
 * {@code parallel} calls at once, without a thread of its own: calls are asynchronous on the
 * given channel, and a Join the access point refuses while the system bootstraps (status
 * {@link Der#NOTLEADER}) or that fails with a gRPC error (UNAVAILABLE while it cannot take calls,
 * UNKNOWN {@code no dRPC client set} while its management-service engine restarts after a
 * SystemStart; a real harness retries on any gRPC error, SPEC-SYSTEM §1.6) is tried again after
 * {@code retryMs}, up to {@code attempts} times. Any other refusal fails that Join at once.
 */
final class SimJoiner {

    /** Deadline of one Join call. */
    static final long CALL_S = 30;

    private final ManagedChannel channel;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final int parallel;
    private final int attempts;
    private final long retryMs;
    private final Queue<Attempt> waiting = new ArrayDeque<>();
    private int inFlight;

    SimJoiner(ManagedChannel channel, Executor executor, ScheduledExecutorService timer, int parallel, int attempts,
            long retryMs) {
        this.channel = channel;
        this.executor = executor;
        this.timer = timer;
        this.parallel = parallel;
        this.attempts = attempts;
        this.retryMs = retryMs;
    }

    private final class Attempt {
        final JoinReq req;
        final CompletableFuture<JoinResp> result = new CompletableFuture<>();
        int tries;

        Attempt(JoinReq req) {
            this.req = req;
        }
    }

    /** Queues one Join; the future ends with the accepting reply (status 0) or the failure. */
    CompletableFuture<JoinResp> join(JoinReq req) {
        Attempt a = new Attempt(req);
        enqueue(a);
        return a.result;
    }

    private void enqueue(Attempt a) {
        synchronized (this) {
            waiting.add(a);
        }
        pump();
    }

    private void pump() {
        while (true) {
            Attempt next;
            synchronized (this) {
                if (inFlight >= parallel || waiting.isEmpty()) {
                    return;
                }
                next = waiting.poll();
                inFlight++;
            }
            send(next);
        }
    }

    /** Sends one try, outside any call context (a re-Join starts inside a served StartRanks). */
    private void send(Attempt a) {
        a.tries++;
        Context.ROOT.run(() -> sendNow(a));
    }

    private void sendNow(Attempt a) {
        Futures.addCallback(MgmtSvcGrpc.newFutureStub(channel).withDeadlineAfter(CALL_S, TimeUnit.SECONDS)
                .join(a.req), new FutureCallback<JoinResp>() {
                    @Override
                    public void onSuccess(JoinResp resp) {
                        done();
                        if (resp.getStatus() == 0) {
                            a.result.complete(resp);
                        } else if (resp.getStatus() == Der.NOTLEADER && a.tries < attempts) {
                            retry(a);
                        } else {
                            a.result.completeExceptionally(new IllegalStateException("Join of " + a.req.getUuid()
                                    + " refused: status " + resp.getStatus() + " after " + a.tries + " tries"));
                        }
                    }

                    @Override
                    public void onFailure(Throwable t) {
                        done();
                        if (a.tries < attempts && Status.fromThrowable(t).getCode() != Status.Code.CANCELLED) {
                            retry(a);
                        } else {
                            a.result.completeExceptionally(t);
                        }
                    }
                }, executor);
    }

    private void done() {
        synchronized (this) {
            inFlight--;
        }
        pump();
    }

    private void retry(Attempt a) {
        timer.schedule(() -> enqueue(a), retryMs, TimeUnit.MILLISECONDS);
    }

    /** Joins in flight now (never more than {@code parallel}). */
    synchronized int inFlight() {
        return inFlight;
    }
}
