package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.drpc.DrpcServer;
import io.daos.control.itest.bench.DrpcFloodBench;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;
import io.grpc.ManagedChannel;

/**
 * Issue 10 point 5 end to end: thousands of idle connections to a running node's
 * {@code daos_server.sock} (far more than the dRPC connection bound) no longer exhaust the server.
 * While they are held, PingRanks and SystemQuery say Started for both ranks, the server is the same
 * process, and the control log (not only stderr) has the rate-limited refusal warning. Prints the
 * held/refused counts and the server's RSS before and during the flood.
 */
public class DrpcFloodIT {

    private static final long START_MS = 60_000;
    private static final long EVENT_MS = 30_000;
    private static final int ATTEMPTS = 3000;
    private static final int STARTED = 1;

    @ClassRule
    public static final DistRule DIST = new DistRule("e2e-drpcflood");

    @Rule
    public final WorkRule workRule = new WorkRule(DIST, "e2e-drpcflood-work");

    private static RanksResp ping(ManagedChannel channel) {
        return MgmtSvcGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .pingRanks(RanksReq.getDefaultInstance());
    }

    private static List<SystemMember> systemQuery(ManagedChannel channel) {
        return MgmtCtlGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .systemQuery(SystemQueryReq.getDefaultInstance()).getMembersList();
    }

    private static void assertAllStarted(ManagedChannel channel) {
        RanksResp pinged = ping(channel);
        assertEquals(pinged.toString(), 2, pinged.getResultsCount());
        for (int i = 0; i < 2; i++) {
            assertEquals(pinged.toString(), STARTED, pinged.getResults(i).getState());
        }
        List<SystemMember> members = systemQuery(channel);
        assertEquals(members.toString(), 2, members.size());
        for (SystemMember m : members) {
            assertEquals(members.toString(), STARTED, m.getState());
        }
    }

    @Test
    public void connectionFloodOnTheControlSocketLeavesTheNodeServing() throws Exception {
        NodeSupport node = workRule.node(false);
        ServerProcess server = workRule.start("start", "-o", node.config().toString());
        assertEquals(node.port, server.awaitListening(START_MS));
        ManagedChannel channel = workRule.channel(node.port);
        node.formatAndAwaitJoined(server, channel, EVENT_MS);
        assertAllStarted(channel);

        long pid = server.process.pid();
        Path socket = node.work.resolve("run").resolve("daos_server.sock");
        int mark = node.logLines();
        long rssBefore = DrpcFloodBench.rssKib(pid);
        try (DrpcFloodBench.Flood flood = DrpcFloodBench.flood(socket, ATTEMPTS)) {
            long rssHeld = DrpcFloodBench.rssKib(pid);
            System.out.println("[measure] DrpcFloodIT: " + flood + "; server VmRSS " + rssBefore + " KiB before, "
                    + rssHeld + " KiB with the connections held");
            // the two engines hold their own connections; the flood gets what the bounds leave
            assertTrue(flood.toString(), flood.held.size() >= 1);
            assertTrue(flood.toString(), flood.held.size() + 2 <= DrpcServer.DEFAULT_MAX_CONNECTIONS);
            assertEquals(flood.toString(), ATTEMPTS, flood.held.size() + flood.refused + flood.connectFailed);
            assertTrue(flood.toString(), flood.refused >= ATTEMPTS - DrpcServer.DEFAULT_MAX_CONNECTIONS
                    - flood.connectFailed);

            assertAllStarted(channel);
            assertTrue(server.process.isAlive());
            assertEquals(pid, server.process.pid());
            String warning = node.awaitLog(server, mark, l -> l.contains("daos_server.sock refused: the limit is"),
                    EVENT_MS);
            assertTrue(warning, warning.contains("refused since start"));
        }
        assertAllStarted(channel);
        assertTrue(server.process.isAlive());
    }
}
