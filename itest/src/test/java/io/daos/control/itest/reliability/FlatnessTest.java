package io.daos.control.itest.reliability;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.daos.control.itest.reliability.Flatness.Sample;
import io.daos.control.itest.scale.ProcStats;

public class FlatnessTest {

    /** Ten samples of RSS {@code rss[i]}, 50 threads, 100 fds. */
    private static List<Sample> rss(long... rss) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < rss.length; i++) {
            out.add(new Sample(i, rss[i], new ProcStats(50, 100, 10)));
        }
        return out;
    }

    @Test
    public void warmUpIsNotJudgedAndTheLastThirdMayNotOutgrowTheFirst() {
        // the first two (20%) are warm-up: their jump is fine; then thirds of 8 -> 2, 2, 2 (+2 left over)
        assertEquals(List.of(), Flatness.judge(rss(10, 500, 600, 610, 600, 605, 610, 612, 608, 611), 16, 0, 0));
        String grew = Flatness.growth(rss(10, 500, 600, 610, 600, 605, 640, 650, 660, 700), "rss", Sample::rssKb, 16);
        assertTrue(grew, grew.startsWith("rss grew: last third's max 700 > first third's max 610 + 16"));
        assertTrue(Flatness.growth(rss(1, 2, 3), "rss", Sample::rssKb, 0).contains("only"));
    }

    @Test
    public void threadsComeBackExceptTheIdleWorkersOfBoundedPools() {
        Map<String, Integer> idle = Map.of("daos-grpc-call-", 1, "system-db", 1, "daos-harness-pi", 0);
        Map<String, Integer> after = Map.of("daos-grpc-call-", 29, "system-db", 1, "daos-harness-pi", 11);
        assertEquals(List.of(), Flatness.threadsBack(idle, after, 2, true));
        assertEquals(1, Flatness.threadsBack(idle, after, 2, false).size());
        Map<String, Integer> leaked = Map.of("daos-grpc-call-", 1, "system-db", 1, "pool-#-thread-#", 5);
        assertTrue(Flatness.threadsBack(idle, leaked, 2, true).get(0).contains("pool-#-thread-#=5"));
        Map<String, Integer> runaway = Map.of("daos-grpc-call-", 65, "system-db", 1);
        assertTrue(Flatness.threadsBack(idle, runaway, 2, true).get(0).contains("over the pool's 64"));
    }
}
