package io.daos.control.fanout.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.client.HarnessClient;
import io.daos.control.api.net.HostPort;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;

/**
 * One harness operation sent to many hosts at once through the {@link HarnessClient}, with at
 * most {@link Settings#inFlight()} calls outstanding, each host given
 * {@link Settings#hostDeadline()} and the whole run {@link Settings#budget()}. A run never
 * throws for a host: it answers one {@link Outcome} per host, in the order of the request map.
 *
 * <p>Calls are submitted by the caller's thread as permits free up (a call holds its permit
 * until its future completes, however it completes); the caller then waits on the futures. A
 * host whose future has not completed {@link #GRACE} after its deadline (a client that does not
 * keep its own deadline) is given up and its call cancelled; when the budget runs out, every
 * call still running is cancelled and the hosts not yet called are not called. Both count as
 * {@link Result#UNRESPONSIVE}. Uses no thread of its own: the watchdog of each call is
 * {@link CompletableFuture#orTimeout}'s.
 */
final class Fanout {

    /** Calls in flight at once: 1,024 hosts in four rounds, well within one client's channels. */
    static final int DEFAULT_IN_FLIGHT = 256;
    /** Per-host deadline of PingRanks: a healthy host answers in milliseconds. */
    static final Duration DEFAULT_QUERY_DEADLINE = Duration.ofSeconds(2);
    /**
     * Per-host deadline of PrepShutdownRanks, StopRanks and StartRanks: the remote harness waits
     * for its engines (SPEC-SYSTEM §2.1's system-operation deadline).
     */
    static final Duration DEFAULT_CONTROL_DEADLINE = Duration.ofSeconds(30);
    /** Budget of a whole query run. */
    static final Duration DEFAULT_QUERY_BUDGET = Duration.ofSeconds(30);
    /** Budget of a whole stop or start stage: four rounds of the control deadline. */
    static final Duration DEFAULT_CONTROL_BUDGET = Duration.ofSeconds(120);
    /** How long after its deadline a call that has not completed is given up here. */
    static final Duration GRACE = Duration.ofMillis(200);

    /** How one host's call ended. */
    enum Result {
        /** The host answered; {@link Outcome#reply()} is its reply. */
        REPLIED,
        /** No connection could be made (refused, no route, unknown host). */
        UNREACHABLE,
        /** No answer in time (deadline, budget, or the call cancelled locally). */
        UNRESPONSIVE,
        /** The peer answered an error, or the call failed otherwise; see {@link Outcome#cause()}. */
        FAILED
    }

    /**
     * One host's outcome.
     *
     * @param reply   the reply when {@code result} is REPLIED, else null
     * @param message for a failure: names the host and the cause; empty when it replied
     * @param cause   for a failure: what the future failed with (a {@link ClientException} from a
     *                well-behaved client; a {@link TimeoutException} when given up here), else null
     */
    record Outcome(HostPort host, Result result, RanksResp reply, String message, Throwable cause) {

        static Outcome replied(HostPort host, RanksResp reply) {
            return new Outcome(host, Result.REPLIED, reply, "", null);
        }
    }

    /**
     * How a run is bounded.
     *
     * @param inFlight     at most this many calls outstanding, at least 1
     * @param hostDeadline the deadline of each call
     * @param budget       the time of the whole run
     */
    record Settings(int inFlight, Duration hostDeadline, Duration budget) {

        Settings {
            if (inFlight < 1) {
                throw new IllegalArgumentException("inFlight must be at least 1: " + inFlight);
            }
            if (hostDeadline.isNegative() || hostDeadline.isZero() || budget.isNegative() || budget.isZero()) {
                throw new IllegalArgumentException("deadline and budget must be positive");
            }
        }

        /** The defaults of a query (PingRanks). */
        static Settings query() {
            return new Settings(DEFAULT_IN_FLIGHT, DEFAULT_QUERY_DEADLINE, DEFAULT_QUERY_BUDGET);
        }

        /** The defaults of a stop or start stage. */
        static Settings control() {
            return new Settings(DEFAULT_IN_FLIGHT, DEFAULT_CONTROL_DEADLINE, DEFAULT_CONTROL_BUDGET);
        }
    }

    private final HarnessClient client;

    Fanout(HarnessClient client) {
        this.client = Objects.requireNonNull(client);
    }

    /**
     * Sends {@code op} to every host of {@code requests} and waits for all of them, or for the
     * budget.
     *
     * @return one outcome per host, in the order of {@code requests}
     * @throws InterruptedException the caller was interrupted; every call still running is cancelled
     */
    Map<HostPort, Outcome> run(HarnessClient.RanksOp op, Map<HostPort, RanksReq> requests, Settings settings)
            throws InterruptedException {
        Run run = new Run(requests.size(), settings);
        try {
            for (Map.Entry<HostPort, RanksReq> e : requests.entrySet()) {
                if (!run.submit(e.getKey(), op, e.getValue())) {
                    break;
                }
            }
            run.await();
        } catch (InterruptedException e) {
            run.cancelAll("call cancelled: the caller was interrupted");
            throw e;
        }
        run.cancelAll("no answer within the budget of " + settings.budget().toMillis() + " ms");
        Map<HostPort, Outcome> out = new LinkedHashMap<>();
        for (HostPort host : requests.keySet()) {
            out.put(host, run.outcomes.computeIfAbsent(host, h -> unresponsive(h, new TimeoutException(
                    "not called: the budget of " + settings.budget().toMillis() + " ms ran out first"))));
        }
        return out;
    }

    /** The state of one run: permits, futures started, outcomes recorded (first one wins). */
    private final class Run {
        final Map<HostPort, Outcome> outcomes = new ConcurrentHashMap<>();
        final Map<HostPort, CompletableFuture<RanksResp>> started = new ConcurrentHashMap<>();
        final Semaphore permits;
        final CountDownLatch done;
        final Settings settings;
        final long end;

        Run(int hosts, Settings settings) {
            this.settings = settings;
            this.permits = new Semaphore(settings.inFlight());
            this.done = new CountDownLatch(hosts);
            this.end = System.nanoTime() + settings.budget().toNanos();
        }

        /** Starts one call when a permit frees up within the budget; false when the budget ran out. */
        boolean submit(HostPort host, HarnessClient.RanksOp op, RanksReq request) throws InterruptedException {
            long left = end - System.nanoTime();
            if (left <= 0 || !permits.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                return false;
            }
            Duration deadline = settings.hostDeadline();
            left = end - System.nanoTime();
            if (left < deadline.toNanos()) {
                deadline = Duration.ofNanos(Math.max(left, 1));
            }
            CompletableFuture<RanksResp> call;
            try {
                call = Objects.requireNonNull(client.call(host, op, request, deadline), "no future from the client");
            } catch (RuntimeException e) {
                permits.release();
                record(host, failed(host, e));
                return true;
            }
            started.put(host, call);
            call.whenComplete((reply, failure) -> permits.release());
            Duration watch = deadline.plus(GRACE);
            call.copy().orTimeout(watch.toNanos(), TimeUnit.NANOSECONDS).whenComplete((reply, failure) -> {
                if (failure == null) {
                    record(host, Outcome.replied(host, reply));
                } else if (failure instanceof TimeoutException) {
                    call.cancel(true); // before the outcome: the caller may return as soon as it is recorded
                    record(host, unresponsive(host, new TimeoutException("no answer within "
                            + watch.toMillis() + " ms")));
                } else {
                    record(host, outcome(host, failure));
                }
            });
            return true;
        }

        void record(HostPort host, Outcome o) {
            if (outcomes.putIfAbsent(host, o) == null) {
                done.countDown();
            }
        }

        void await() throws InterruptedException {
            done.await(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        }

        /** Records every started call without an outcome as unresponsive, then cancels it. */
        void cancelAll(String why) {
            List<CompletableFuture<RanksResp>> cancel = new ArrayList<>();
            started.forEach((host, call) -> {
                if (!outcomes.containsKey(host)) {
                    record(host, unresponsive(host, new TimeoutException(why)));
                    cancel.add(call);
                }
            });
            cancel.forEach(c -> c.cancel(true));
        }
    }

    /** The outcome of a failed future. */
    static Outcome outcome(HostPort host, Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (t instanceof ClientException ce) {
            return switch (ce.kind()) {
                case UNREACHABLE -> new Outcome(host, Result.UNREACHABLE, null,
                        "host " + host + " unreachable: " + ce.getMessage(), ce);
                case TIMEOUT, CANCELLED -> unresponsive(host, ce);
                case FAILED -> failed(host, ce);
            };
        }
        if (t instanceof CancellationException) {
            return unresponsive(host, t);
        }
        return failed(host, t);
    }

    private static Outcome unresponsive(HostPort host, Throwable cause) {
        return new Outcome(host, Result.UNRESPONSIVE, null, "host " + host + " unresponsive: " + cause.getMessage(),
                cause);
    }

    private static Outcome failed(HostPort host, Throwable cause) {
        return new Outcome(host, Result.FAILED, null, "host " + host + " failed: " + cause.getMessage(), cause);
    }
}
