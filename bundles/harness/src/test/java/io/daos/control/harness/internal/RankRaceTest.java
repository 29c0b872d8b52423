package io.daos.control.harness.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import io.daos.control.api.system.MemberState;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;

/**
 * Defect 2 of issue 10: concurrent StartRanks started a second engine per instance. Eight callers
 * race StartRanks and StopRanks against a two-instance harness whose fake I/O servers stay up
 * until signalled, while a sampler counts, from {@code /proc} (the descendants of this JVM, by
 * their {@code -I} argument), the live processes of each instance the whole time.
 */
public class RankRaceTest {

    private static final int CALLERS = 8;
    private static final RanksReq ALL = RanksReq.getDefaultInstance();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    @Rule
    public Timeout timeout = Timeout.seconds(120);

    private Fixture fx;
    private IOServerHarness harness;
    private Path binary;
    private ExecutorService pool;

    @Before
    public void setUp() throws Exception {
        fx = new Fixture(tmp.getRoot().toPath());
        fx.writeSuperblock(0, Fixture.ranked("u-0", 0));
        fx.writeSuperblock(1, Fixture.ranked("u-1", 1));
        // a shell that keeps its arguments on its command line and dies of SIGINT
        binary = fx.plainScript("racing_io_server", "read line");
        harness = new IOServerHarness(fx.config2(""), null, binary, Map.of("PATH", System.getenv("PATH")),
                fx.dir.resolve("log"), fx.hooks, 0);
        harness.start();
        for (IOServerInstance inst : harness.instances()) {
            assertNotNull(inst.runner().awaitProcess(10_000));
        }
        pool = Executors.newFixedThreadPool(CALLERS);
    }

    @After
    public void tearDown() {
        pool.shutdownNow();
        harness.close();
        fx.close();
    }

    /** The live processes of instance {@code index} of the fake binary (by {@code -I <index>}). */
    private long engines(int index) {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).filter(h -> {
            String[] args = h.info().arguments().orElse(new String[0]);
            List<String> a = List.of(args);
            int i = a.indexOf("-I");
            return a.contains(binary.toString()) && i >= 0 && i + 1 < args.length
                    && args[i + 1].equals(Integer.toString(index));
        }).count();
    }

    /** Runs {@code calls} at once (released together); their outcomes: a response, or the error text. */
    private List<Object> race(List<Callable<RanksResp>> calls) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> futures = new ArrayList<>();
        for (Callable<RanksResp> c : calls) {
            futures.add(pool.submit(() -> {
                go.await();
                try {
                    return c.call();
                } catch (RanksException e) {
                    return e.getMessage();
                }
            }));
        }
        go.countDown();
        List<Object> out = new ArrayList<>();
        for (Future<Object> f : futures) {
            out.add(f.get(60, TimeUnit.SECONDS));
        }
        return out;
    }

    private static void assertAll(RanksResp r, MemberState state) {
        assertEquals(r.toString(), 2, r.getResultsCount());
        for (RanksResp.RankResult rr : r.getResultsList()) {
            assertEquals(r.toString(), state.code(), rr.getState());
            assertFalse(r.toString(), rr.getErrored());
        }
    }

    @Test
    public void eightConcurrentStartRanksStartOneEnginePerInstanceDefect2() throws Exception {
        RankOperations ops = new RankOperations(harness);
        assertAll(ops.stop(ALL), MemberState.STOPPED);
        assertEquals(0, engines(0) + engines(1));

        List<Callable<RanksResp>> starts = new ArrayList<>(Collections.nCopies(CALLERS, () -> ops.start(ALL)));
        List<Object> outcomes = race(starts);
        List<Object> ok = outcomes.stream().filter(o -> o instanceof RanksResp).toList();
        assertEquals(outcomes.toString(), 1, ok.size());
        assertAll((RanksResp) ok.get(0), MemberState.STARTED);
        assertEquals(outcomes.toString(), CALLERS - 1,
                outcomes.stream().filter("can't start instances: already started"::equals).count());
        assertEquals(1, engines(0));
        assertEquals(1, engines(1));

        assertAll(ops.stop(ALL), MemberState.STOPPED);
        assertEquals(0, engines(0) + engines(1));
    }

    @Test
    public void mixedStartAndStopRanksNeverRunTwoEnginesForOneInstanceDefect2() throws Exception {
        RankOperations ops = new RankOperations(harness);
        assertAll(ops.stop(ALL), MemberState.STOPPED);
        AtomicBoolean done = new AtomicBoolean();
        AtomicIntegerArray most = new AtomicIntegerArray(2);
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                for (int i = 0; i < 2; i++) {
                    int n = (int) engines(i);
                    int index = i;
                    most.accumulateAndGet(index, n, Math::max);
                }
            }
        }, "engine-sampler");
        sampler.start();
        try {
            for (int round = 0; round < 4; round++) {
                List<Callable<RanksResp>> calls = new ArrayList<>();
                for (int c = 0; c < CALLERS; c++) {
                    calls.add((c + round) % 2 == 0 ? () -> ops.start(ALL) : () -> ops.stop(ALL));
                }
                for (Object o : race(calls)) {
                    // a refused StartRanks is the only error; every call got its turn
                    assertTrue(String.valueOf(o), o instanceof RanksResp
                            || "can't start instances: already started".equals(o)
                            || "can't start instances: already running".equals(o));
                }
            }
        } finally {
            done.set(true);
            sampler.join(10_000);
        }
        System.out.println("[measure] RankRaceTest: most live engines per instance during the race: " + most);
        // at most one at any moment, and the race did start them
        assertEquals("most live engines of instance 0 at once", 1, most.get(0));
        assertEquals("most live engines of instance 1 at once", 1, most.get(1));

        assertAll(ops.stop(ALL), MemberState.STOPPED);
        assertEquals(0, engines(0) + engines(1));
        assertEquals("no fatal error: " + fx.hooks.fatalMessage, 1, fx.hooks.fatal.getCount());
    }
}
