package io.daos.control.fanout.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.After;
import org.junit.Test;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.client.HarnessClient;
import io.daos.control.api.net.HostPort;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;

public class FanoutTest {

    /** What a scripted host does with a call. */
    enum Script { ANSWER, REFUSE, HANG, FAIL, TIMEOUT }

    /**
     * A HarnessClient whose hosts behave as scripted; answers come from {@code completer} (at once
     * on the caller's thread when null). Counts calls started and completed, and the most
     * outstanding at once.
     */
    static final class ScriptedClient implements HarnessClient {
        final Function<HostPort, Script> script;
        final ExecutorService completer;
        final AtomicInteger outstanding = new AtomicInteger();
        final AtomicInteger maxOutstanding = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        final Map<HostPort, CompletableFuture<RanksResp>> hung = new ConcurrentHashMap<>();
        final Map<HostPort, Duration> deadlines = new ConcurrentHashMap<>();
        /** The call that interrupts its caller (1-based), 0 for none. */
        volatile int interruptAt;

        ScriptedClient(Function<HostPort, Script> script, ExecutorService completer) {
            this.script = script;
            this.completer = completer;
        }

        @Override
        public CompletableFuture<RanksResp> call(HostPort host, RanksOp op, RanksReq request, Duration timeout) {
            if (calls.incrementAndGet() == interruptAt) {
                Thread.currentThread().interrupt();
            }
            deadlines.put(host, timeout);
            maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            // counted done before the future completes: its dependents may start the next call
            CompletableFuture<RanksResp> f = new CompletableFuture<>() {
                @Override
                public boolean cancel(boolean mayInterrupt) {
                    outstanding.decrementAndGet();
                    return super.cancel(mayInterrupt);
                }
            };
            Runnable answer = switch (script.apply(host)) {
                case ANSWER -> () -> done(f).complete(reply(host));
                case REFUSE -> () -> done(f).completeExceptionally(
                        new ClientException(ClientException.Kind.UNREACHABLE, "connection refused", null));
                case FAIL -> () -> done(f).completeExceptionally(
                        new ClientException(ClientException.Kind.FAILED, "rank 9 unknown", null));
                case TIMEOUT -> () -> done(f).completeExceptionally(
                        new ClientException(ClientException.Kind.TIMEOUT, "deadline exceeded", null));
                case HANG -> () -> hung.put(host, f);
            };
            if (completer == null) {
                answer.run();
            } else {
                completer.execute(answer);
            }
            return f;
        }

        private CompletableFuture<RanksResp> done(CompletableFuture<RanksResp> f) {
            outstanding.decrementAndGet();
            return f;
        }

        @Override
        public void forget(HostPort host) {
            throw new AssertionError("the fanout forgets no host: " + host);
        }
    }

    private final List<ExecutorService> pools = new ArrayList<>();

    @After
    public void stopPools() {
        pools.forEach(ExecutorService::shutdownNow);
    }

    private ExecutorService pool(int threads) {
        ExecutorService p = Executors.newFixedThreadPool(threads);
        pools.add(p);
        return p;
    }

    static RanksResp reply(HostPort host) {
        return RanksResp.newBuilder().addResults(RanksResp.RankResult.newBuilder().setRank(host.port())
                .setAction("ping").setState(1)).build();
    }

    static Map<HostPort, RanksReq> hosts(int n) {
        Map<HostPort, RanksReq> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(HostPort.of("10.0." + (i / 250) + "." + (i % 250 + 1), 10001), RanksReq.getDefaultInstance());
        }
        return m;
    }

    private static Fanout.Settings settings(int inFlight, long deadlineMs, long budgetMs) {
        return new Fanout.Settings(inFlight, Duration.ofMillis(deadlineMs), Duration.ofMillis(budgetMs));
    }

    @Test
    public void eachHostGetsTheOutcomeOfItsScriptWithinItsDeadlinePlusSlack() throws Exception {
        Map<HostPort, RanksReq> hosts = hosts(5);
        List<HostPort> h = new ArrayList<>(hosts.keySet());
        Map<HostPort, Script> script = Map.of(h.get(0), Script.ANSWER, h.get(1), Script.REFUSE, h.get(2), Script.HANG,
                h.get(3), Script.FAIL, h.get(4), Script.TIMEOUT);
        ScriptedClient client = new ScriptedClient(script::get, pool(2));
        long deadline = 300;
        long t0 = System.nanoTime();
        Map<HostPort, Fanout.Outcome> out = new Fanout(client).run(HarnessClient.RanksOp.PING, hosts,
                settings(8, deadline, 10_000));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue("took " + took + " ms", took < deadline + 1_000);

        assertEquals("in the order of the request", h, new ArrayList<>(out.keySet()));
        assertEquals(Fanout.Result.REPLIED, out.get(h.get(0)).result());
        assertEquals(reply(h.get(0)), out.get(h.get(0)).reply());
        assertEquals(Fanout.Result.UNREACHABLE, out.get(h.get(1)).result());
        assertEquals("host 10.0.0.2:10001 unreachable: connection refused", out.get(h.get(1)).message());
        Fanout.Outcome hung = out.get(h.get(2));
        assertEquals(Fanout.Result.UNRESPONSIVE, hung.result());
        assertNull(hung.reply());
        assertEquals("host 10.0.0.3:10001 unresponsive: no answer within " + (deadline + Fanout.GRACE.toMillis())
                + " ms", hung.message());
        assertTrue("the hung call is cancelled", client.hung.get(h.get(2)).isCancelled());
        assertEquals(Fanout.Result.FAILED, out.get(h.get(3)).result());
        assertEquals("host 10.0.0.4:10001 failed: rank 9 unknown", out.get(h.get(3)).message());
        assertTrue(out.get(h.get(3)).cause() instanceof ClientException);
        assertEquals("the client's own timeout", Fanout.Result.UNRESPONSIVE, out.get(h.get(4)).result());
        assertEquals("host 10.0.0.5:10001 unresponsive: deadline exceeded", out.get(h.get(4)).message());
        assertEquals(Duration.ofMillis(deadline), client.deadlines.get(h.get(0)));
        assertEquals("every call completed", 0, client.outstanding.get());
    }

    /** The N-th call completes all outstanding ones: the engine must have started exactly N at once. */
    @Test
    public void neverMoreThanTheLimitInFlightAndTheLimitIsReached() throws Exception {
        int limit = 4;
        List<CompletableFuture<RanksResp>> held = new ArrayList<>();
        AtomicInteger outstanding = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        Map<HostPort, RanksReq> hosts = hosts(50);
        AtomicInteger calls = new AtomicInteger();
        HarnessClient client = new HarnessClient() {
            @Override
            public CompletableFuture<RanksResp> call(HostPort host, RanksOp op, RanksReq request, Duration timeout) {
                max.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
                CompletableFuture<RanksResp> f = new CompletableFuture<>();
                held.add(f);
                boolean last = calls.incrementAndGet() == hosts.size();
                if (held.size() == limit || last) {
                    // release them as a batch, possibly before this one is returned
                    for (CompletableFuture<RanksResp> r : held) {
                        outstanding.decrementAndGet();
                        r.complete(RanksResp.getDefaultInstance());
                    }
                    held.clear();
                }
                return f;
            }

            @Override
            public void forget(HostPort host) {
            }
        };
        Map<HostPort, Fanout.Outcome> out = new Fanout(client).run(HarnessClient.RanksOp.STOP, hosts,
                settings(limit, 5_000, 10_000));
        assertEquals(limit, max.get());
        assertTrue(out.values().stream().allMatch(o -> o.result() == Fanout.Result.REPLIED));
    }

    @Test
    public void theLimitHoldsWithAnswersFromManyThreads() throws Exception {
        ScriptedClient client = new ScriptedClient(h -> Script.ANSWER, pool(8));
        Map<HostPort, Fanout.Outcome> out = new Fanout(client).run(HarnessClient.RanksOp.PING, hosts(500),
                settings(16, 5_000, 30_000));
        assertEquals(500, out.size());
        assertEquals(500, client.calls.get());
        assertTrue("at most 16 outstanding, saw " + client.maxOutstanding.get(), client.maxOutstanding.get() <= 16);
        assertTrue(out.values().stream().allMatch(o -> o.result() == Fanout.Result.REPLIED));
    }

    @Test
    public void aThousandHostsCompleteQuicklyWithTheDefaults() throws Exception {
        ScriptedClient client = new ScriptedClient(h -> Script.ANSWER, pool(4));
        long t0 = System.nanoTime();
        Map<HostPort, Fanout.Outcome> out = new Fanout(client).run(HarnessClient.RanksOp.PING, hosts(1_000),
                Fanout.Settings.query());
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue("1,000 hosts took " + took + " ms", took < 2_000);
        assertEquals(1_000, out.size());
        assertTrue(out.values().stream().allMatch(o -> o.result() == Fanout.Result.REPLIED));
        assertTrue(client.maxOutstanding.get() <= Fanout.DEFAULT_IN_FLIGHT);
    }

    /** The budget ends the run: the running call is cancelled, the hosts not yet called are not called. */
    @Test
    public void theBudgetCancelsWhatRunsAndSkipsWhatWaits() throws Exception {
        ScriptedClient client = new ScriptedClient(h -> Script.HANG, null);
        Map<HostPort, RanksReq> hosts = hosts(3);
        long t0 = System.nanoTime();
        Map<HostPort, Fanout.Outcome> out = new Fanout(client).run(HarnessClient.RanksOp.START, hosts,
                settings(1, 60_000, 300));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue("took " + took + " ms", took >= 300 && took < 1_300);
        assertEquals(1, client.calls.get());
        assertTrue("the per-call deadline is cut to the budget", client.deadlines.values().iterator().next()
                .toMillis() <= 300);
        List<HostPort> h = new ArrayList<>(hosts.keySet());
        assertTrue(client.hung.get(h.get(0)).isCancelled());
        for (Fanout.Outcome o : out.values()) {
            assertEquals(Fanout.Result.UNRESPONSIVE, o.result());
            assertNotNull(o.cause());
        }
        assertEquals("host 10.0.0.1:10001 unresponsive: no answer within the budget of 300 ms",
                out.get(h.get(0)).message());
        assertEquals("host 10.0.0.2:10001 unresponsive: not called: the budget of 300 ms ran out first",
                out.get(h.get(1)).message());
    }

    @Test
    public void aClientThatThrowsIsAFailedHostNotAFailedRun() throws Exception {
        HarnessClient client = new HarnessClient() {
            @Override
            public CompletableFuture<RanksResp> call(HostPort host, RanksOp op, RanksReq request, Duration timeout) {
                if (host.host().endsWith(".1")) {
                    throw new IllegalStateException("client closed");
                }
                return CompletableFuture.completedFuture(RanksResp.getDefaultInstance());
            }

            @Override
            public void forget(HostPort host) {
            }
        };
        Map<HostPort, Fanout.Outcome> out = new Fanout(client).run(HarnessClient.RanksOp.PING, hosts(2),
                settings(1, 1_000, 5_000));
        List<Fanout.Outcome> o = new ArrayList<>(out.values());
        assertEquals(Fanout.Result.FAILED, o.get(0).result());
        assertEquals("host 10.0.0.1:10001 failed: client closed", o.get(0).message());
        assertEquals(Fanout.Result.REPLIED, o.get(1).result());
    }

    @Test
    public void anInterruptedCallerCancelsTheRunningCalls() throws Exception {
        ScriptedClient client = new ScriptedClient(h -> Script.HANG, null);
        client.interruptAt = 3;
        try {
            new Fanout(client).run(HarnessClient.RanksOp.PING, hosts(3), settings(8, 60_000, 60_000));
            throw new AssertionError("expected InterruptedException");
        } catch (InterruptedException e) {
            // expected
        }
        assertEquals(3, client.hung.size());
        assertTrue(client.hung.values().stream().allMatch(CompletableFuture::isCancelled));
        assertEquals(0, client.outstanding.get());
    }

    @Test(expected = IllegalArgumentException.class)
    public void aLimitBelowOneIsRejected() {
        settings(0, 1, 1);
    }
}
