package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;

/**
 * The start-time benchmark ({@link StartBench}) in the build, briefly: a fresh start and three
 * more of a copy of this tree, each answering its health check. Times are printed, never
 * asserted (the build machine's load is not ours to know); the benchmark itself compares
 * medians against a baseline tree.
 */
public class StartBenchIT {

    @Rule
    public final WorkRule work = new WorkRule();

    @Test
    public void startsThreeTimesAndAnswersEachHealthCheck() throws Exception {
        Dist d = Dist.copy("e2e-start-bench");
        work.own(d.home.getParent());
        Path dir = work.own(Files.createTempDirectory("e2e-start-bench-work"));
        List<StartBench.Result> r = StartBench.measure(List.of(d), List.of("this tree"), dir, 3);
        assertEquals(1, r.size());
        assertEquals(3, r.get(0).starts().size());
        assertTrue(r.get(0).first() > 0);
        for (double ms : r.get(0).starts()) {
            assertTrue(ms > 0);
        }
        System.out.println("StartBenchIT (3 starts, no timing asserted):");
        System.out.println(r.get(0).line());
    }
}
