package io.daos.control.harness.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.system.MemberState;
import io.daos.control.proto.mgmt.DaosResp;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.srv.NotifyReadyReq;

/**
 * A StopRanks that stops an instance between its NotifyReady and the end of its start-up dRPCs:
 * the start-up call then fails (the engine went with its process), which is the stop's doing and
 * aborts the start like a stop before NotifyReady, not a fatal error that ends daos_server. Found
 * by the fuzz harness (PoolSystemFuzzIT, SystemStop racing SystemStart: "DAOS I/O Server exited
 * with error: SetRank: no dRPC client set", and the node stopped).
 */
public class StopDuringSetUpTest {

    private static final RanksReq ALL = RanksReq.getDefaultInstance();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    @Rule
    public Timeout timeout = Timeout.seconds(60);

    private Fixture fx;
    private IOServerHarness harness;

    @Before
    public void setUp() throws Exception {
        fx = new Fixture(tmp.getRoot().toPath());
        fx.writeSuperblock(0, Fixture.ranked("u-11", 4));
        fx.hooks.mgmt().rank = 4;
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        harness = new IOServerHarness(fx.config(), null, fx.script("exec sleep 600"), env, fx.dir.resolve("log"),
                fx.hooks, 0);
    }

    @After
    public void tearDown() {
        harness.close();
        fx.close();
    }

    @Test
    public void aStopWhileSetRankIsUnderWayAbortsTheStartAndStartRanksWorksAgain() throws Exception {
        CountDownLatch inSetRank = new CountDownLatch(1);
        CountDownLatch processGone = new CountDownLatch(1);
        fx.engineReply = (method, body) -> {
            if (method == DrpcIds.MGMT_SET_RANK && inSetRank.getCount() > 0) {
                inSetRank.countDown();
                // the engine dies with its process: the call fails once the stop has killed it
                assertTrue(processGone.await(20, TimeUnit.SECONDS));
                throw new IllegalStateException("engine gone");
            }
            return DaosResp.getDefaultInstance().toByteArray();
        };
        harness.start();
        fx.awaitSpawn();
        Path sock = fx.startEngine();
        new SrvModule(harness).handle(DrpcIds.SRV_NOTIFY_READY, NotifyReadyReq.newBuilder()
                .setUri("ofi+sockets://127.0.0.1:31416").setNctxs(7).setDrpcListenerSock(sock.toString())
                .setInstanceIdx(0).setNtgts(3).build().toByteArray());
        assertTrue("SetRank called", inSetRank.await(20, TimeUnit.SECONDS));
        Process p = harness.instances().get(0).runner().awaitProcess(10_000);
        p.onExit().thenRun(processGone::countDown);

        RankOperations ranks = new RankOperations(harness);
        assertEquals(MemberState.STOPPED.code(), ranks.stop(ALL).getResults(0).getState());
        // the exit reported (the harness may start again once every instance has exited)
        assertTrue(fx.hooks.stateChanged.await(10, TimeUnit.SECONDS));
        assertEquals("StartRanks after the aborted start", MemberState.STARTED.code(),
                ranks.start(ALL).getResults(0).getState());
        fx.awaitSpawn();
        assertEquals("no fatal error: " + fx.hooks.fatalMessage, 1, fx.hooks.fatal.getCount());
    }
}
