package io.daos.control.itest.scale;

import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.daos.control.api.system.MemberState;
import io.daos.control.proto.ctl.RankResult;
import io.daos.control.proto.ctl.SystemMember;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;

/**
 * {@link ScaleCalls}' checks of query members and stop/start results against a fleet: a node of
 * two ranks (0, 1) and two simulated hosts of two ranks each (2, 3 and 4, 5), the second hung.
 */
public class ScaleCallsTest {

    private NioEventLoopGroup group;
    private ExecutorService exec;
    private SimHost a;
    private SimHost b;
    private List<SimHost> hosts;
    private Set<SimHost> hung;

    @Before
    public void setUp() throws Exception {
        group = new NioEventLoopGroup(1);
        exec = Executors.newSingleThreadExecutor();
        a = SimHost.start(2, group, exec, null);
        b = SimHost.start(2, group, exec, null);
        a.joined(0, 2);
        a.joined(1, 3);
        b.joined(0, 4);
        b.joined(1, 5);
        hosts = List.of(a, b);
        hung = Set.of(b);
    }

    @After
    public void tearDown() throws Exception {
        a.close();
        b.close();
        exec.shutdownNow();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }

    private static SystemMember member(int rank, String addr, String uuid, MemberState s) {
        return SystemMember.newBuilder().setRank(rank).setAddr(addr).setUuid(uuid).setState(s.code()).build();
    }

    /** The members a query gives when all is right: the node's Started, b's Unresponsive. */
    private List<SystemMember> members() {
        List<SystemMember> out = new ArrayList<>();
        out.add(member(0, "127.0.0.1:10001", "n0", MemberState.STARTED));
        out.add(member(1, "127.0.0.1:10001", "n1", MemberState.STARTED));
        for (SimHost h : hosts) {
            for (int i = 0; i < 2; i++) {
                out.add(member(h.rank(i).bits(), h.address(), h.uuid(i),
                        h == b ? MemberState.UNRESPONSIVE : MemberState.STARTED));
            }
        }
        return out;
    }

    private String query(List<SystemMember> m) {
        return ScaleCalls.queryMismatch(m, 2, hosts, hung, MemberState.STARTED, MemberState.UNRESPONSIVE);
    }

    private static void assertMentions(String mismatch, String what) {
        assertTrue("mismatch " + mismatch + " names " + what, mismatch != null && mismatch.contains(what));
    }

    @Test
    public void aRightQueryAnswerHasNoMismatch() {
        assertNull(query(members()));
    }

    @Test
    public void aMissingMemberIsAMismatch() {
        List<SystemMember> m = members();
        m.remove(3);
        assertMentions(query(m), "5 members, want 6");
    }

    @Test
    public void aHungHostsRankStartedIsAMismatch() {
        List<SystemMember> m = members();
        m.set(5, m.get(5).toBuilder().setState(MemberState.STARTED.code()).build());
        assertMentions(query(m), "rank 5");
        assertMentions(query(m), "want Unresponsive");
    }

    @Test
    public void aNodeRankNotStartedIsAMismatch() {
        List<SystemMember> m = members();
        m.set(0, m.get(0).toBuilder().setState(MemberState.STOPPED.code()).build());
        assertMentions(query(m), "rank 0");
    }

    @Test
    public void aMemberAtAnotherAddressOrUuidIsAMismatch() {
        List<SystemMember> m = members();
        m.set(2, m.get(2).toBuilder().setAddr(b.address()).build());
        assertMentions(query(m), "want host " + a.address());
        m = members();
        m.set(2, m.get(2).toBuilder().setUuid(b.uuid(0)).build());
        assertMentions(query(m), "uuid " + b.uuid(0));
    }

    @Test
    public void aRankTwiceIsAMismatch() {
        List<SystemMember> m = members();
        m.set(3, m.get(2));
        assertMentions(query(m), "twice");
    }

    private static RankResult result(int rank, String action, MemberState s, String msg) {
        RankResult.Builder b = RankResult.newBuilder().setRank(rank).setAction(action).setState(s.code());
        if (msg != null) {
            b.setErrored(true).setMsg(msg);
        }
        return b.build();
    }

    /**
     * A forced stop's results: the node's rank 1 with the hosts (b's ranks errored Unresponsive),
     * the node's MS rank 0 last.
     */
    private List<RankResult> stopResults() {
        List<RankResult> out = new ArrayList<>();
        out.add(result(1, "stop", MemberState.STOPPED, null));
        out.add(result(2, "stop", MemberState.STOPPED, null));
        out.add(result(3, "stop", MemberState.STOPPED, null));
        out.add(result(4, "stop", MemberState.UNRESPONSIVE, "host " + b.address() + ": deadline exceeded"));
        out.add(result(5, "stop", MemberState.UNRESPONSIVE, "host " + b.address() + ": deadline exceeded"));
        out.add(result(0, "stop", MemberState.STOPPED, null));
        return out;
    }

    private String stop(List<RankResult> r) {
        return ScaleCalls.resultsMismatch(r, 2, hosts, hung, "stop", MemberState.STOPPED, true);
    }

    @Test
    public void rightStopResultsHaveNoMismatch() {
        assertNull(stop(stopResults()));
    }

    @Test
    public void theMsRankNotLastOnStopIsAMismatch() {
        List<RankResult> r = stopResults();
        r.add(0, r.remove(5));
        assertMentions(stop(r), "the MS rank must come last");
    }

    @Test
    public void aHungHostsResultNotNamingTheHostIsAMismatch() {
        List<RankResult> r = stopResults();
        r.set(3, result(4, "stop", MemberState.UNRESPONSIVE, "deadline exceeded"));
        assertMentions(stop(r), "hung host " + b.address());
    }

    @Test
    public void anErroredHealthyRankOrAnotherActionIsAMismatch() {
        List<RankResult> r = stopResults();
        r.set(1, result(2, "stop", MemberState.STOPPED, "want Stopped"));
        assertMentions(stop(r), "rank 2: errored=true");
        r = stopResults();
        r.set(2, result(3, "prep shutdown", MemberState.STOPPED, null));
        assertMentions(stop(r), "action 'prep shutdown'");
    }

    @Test
    public void startResultsWantTheNodeFirst() {
        List<RankResult> r = new ArrayList<>();
        r.add(result(0, "start", MemberState.STARTED, null));
        r.add(result(1, "start", MemberState.STARTED, null));
        for (int rank = 2; rank < 6; rank++) {
            r.add(result(rank, "start", MemberState.STARTED, null));
        }
        assertNull(ScaleCalls.resultsMismatch(r, 2, hosts, Set.of(), "start", MemberState.STARTED, false));
        r.add(r.remove(1));
        assertMentions(ScaleCalls.resultsMismatch(r, 2, hosts, Set.of(), "start", MemberState.STARTED, false),
                "must come first");
    }
}
