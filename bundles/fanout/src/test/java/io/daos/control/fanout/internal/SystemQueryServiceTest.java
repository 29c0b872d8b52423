package io.daos.control.fanout.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.junit.Test;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.client.HarnessClient;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.harness.StubHarness;
import io.daos.control.api.net.HostPort;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.api.system.SystemMembership;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.ctl.SystemQueryResp;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

public class SystemQueryServiceTest {

    /** Minimal in-memory membership with the api semantics. */
    static class Members implements SystemMembership {
        final TreeMap<Rank, Member> map = new TreeMap<>();

        @Override
        public synchronized boolean addOrUpdate(Member m) {
            Member old = map.get(m.rank());
            map.put(m.rank(), old == null ? m : old.withState(m.state()));
            return old == null;
        }

        @Override
        public synchronized Optional<Member> member(Rank r) {
            return Optional.ofNullable(map.get(r));
        }

        @Override
        public synchronized List<Member> members(MemberState... excluded) {
            List<Member> out = new ArrayList<>();
            for (Member m : map.values()) {
                if (!List.of(excluded).contains(m.state())) {
                    out.add(m);
                }
            }
            return out;
        }

        @Override
        public synchronized boolean updateState(Rank r, MemberState s) {
            Member old = map.get(r);
            if (old == null) {
                return false;
            }
            map.put(r, old.withState(s));
            return true;
        }
    }

    private static Harness harness(boolean started) {
        return new StubHarness(started);
    }

    /**
     * A HarnessClient answering each host from a function (a reply, a ClientException to fail
     * the future with, or the future itself); records every call.
     */
    static final class FakeClient implements HarnessClient {
        final List<String> calls = new ArrayList<>();
        final List<HostPort> forgotten = new ArrayList<>();
        private final Function<HostPort, Object> answer;

        FakeClient(Function<HostPort, Object> answer) {
            this.answer = answer;
        }

        @Override
        public synchronized CompletableFuture<RanksResp> call(HostPort host, RanksOp op, RanksReq request,
                Duration timeout) {
            calls.add(host + " " + op.method() + " " + request.getRanksList() + " " + timeout.toSeconds() + "s");
            Object a = answer.apply(host);
            if (a instanceof CompletableFuture<?> f) {
                @SuppressWarnings("unchecked")
                CompletableFuture<RanksResp> given = (CompletableFuture<RanksResp>) f;
                return given;
            }
            return a instanceof Throwable t ? CompletableFuture.failedFuture(t)
                    : CompletableFuture.completedFuture((RanksResp) a);
        }

        @Override
        public synchronized void forget(HostPort host) {
            forgotten.add(host);
        }
    }

    private final Members members = new Members();

    private static RanksResp results(int... rankState) {
        RanksResp.Builder b = RanksResp.newBuilder();
        for (int i = 0; i < rankState.length; i += 2) {
            b.addResults(RanksResp.RankResult.newBuilder().setRank(rankState[i]).setAction("ping")
                    .setState(rankState[i + 1]));
        }
        return b.build();
    }

    private SystemQueryService service(HarnessClient client) {
        return new SystemQueryService(() -> harness(true), members, () -> client);
    }

    private StatusRuntimeException queryError(HarnessClient client) throws Exception {
        try {
            service(client).query(SystemQueryReq.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("expected the query to fail");
    }

    @Test
    public void refreshMovesOnlyStartedOrStoppingMembersAndSortsByRank() throws Exception {
        members.addOrUpdate(new Member(Rank.of(2), "u2", "10.0.0.2:10001", MemberState.STARTED));
        members.addOrUpdate(new Member(Rank.of(0), "u0", "10.0.0.1:10001", MemberState.STARTED));
        members.addOrUpdate(new Member(Rank.of(1), "u1", "10.0.0.1:10001", MemberState.EVICTED));
        FakeClient client = new FakeClient(h -> h.host().equals("10.0.0.1") ? results(0, 3, 1, 3) : results(2, 1));
        SystemQueryResp r = service(client).query(SystemQueryReq.getDefaultInstance());
        assertEquals("one PingRanks per host, empty rank list, 2 s deadline",
                List.of("10.0.0.1:10001 PingRanks [] 2s", "10.0.0.2:10001 PingRanks [] 2s"), client.calls);
        assertEquals(3, r.getMembersCount());
        assertEquals(0, r.getMembers(0).getRank());
        assertEquals(MemberState.STOPPED.code(), r.getMembers(0).getState());
        assertEquals(MemberState.EVICTED.code(), r.getMembers(1).getState()); // not moved back or over
        assertEquals(MemberState.STARTED.code(), r.getMembers(2).getState());
        assertEquals("10.0.0.2:10001", r.getMembers(2).getAddr());
        assertEquals("u2", r.getMembers(2).getUuid());
    }

    @Test
    public void ipv6MemberAddressIsParsedAsHostPort() throws Exception {
        members.addOrUpdate(new Member(Rank.of(0), "u0", "[::1]:10001", MemberState.STARTED));
        FakeClient client = new FakeClient(h -> {
            assertEquals(HostPort.of("::1", 10001), h);
            return results(0, MemberState.ERRORED.code());
        });
        assertEquals(MemberState.ERRORED.code(),
                service(client).query(SystemQueryReq.getDefaultInstance()).getMembers(0).getState());
    }

    @Test
    public void unreachableHostMarksItsRanksStoppedAndTheOthersAreStillRefreshed() throws Exception {
        members.addOrUpdate(new Member(Rank.of(0), "u0", "10.0.0.1:10001", MemberState.STARTED));
        members.addOrUpdate(new Member(Rank.of(1), "u1", "10.0.0.2:10001", MemberState.STARTED));
        FakeClient client = new FakeClient(h -> h.host().equals("10.0.0.1")
                ? new ClientException(ClientException.Kind.UNREACHABLE, "connection refused", null)
                : results(1, MemberState.UNRESPONSIVE.code()));
        SystemQueryResp r = service(client).query(SystemQueryReq.getDefaultInstance());
        assertEquals(MemberState.STOPPED.code(), r.getMembers(0).getState());
        assertEquals(MemberState.UNRESPONSIVE.code(), r.getMembers(1).getState());
    }

    /** Unlike the reference, a host that times out no longer fails the query: its ranks are Unresponsive. */
    @Test
    public void timeoutMarksTheHostsStartedRanksUnresponsiveAndCancelledIsCancelled() throws Exception {
        members.addOrUpdate(new Member(Rank.of(0), "u0", "10.0.0.1:10001", MemberState.STARTED));
        members.addOrUpdate(new Member(Rank.of(1), "u1", "10.0.0.1:10001", MemberState.STOPPED));
        members.addOrUpdate(new Member(Rank.of(2), "u2", "10.0.0.2:10001", MemberState.STARTED));
        SystemQueryResp r = service(new FakeClient(h -> h.host().equals("10.0.0.1")
                ? new ClientException(ClientException.Kind.TIMEOUT, "10.0.0.1:10001: deadline exceeded", null)
                : results(2, MemberState.STARTED.code()))).query(SystemQueryReq.getDefaultInstance());
        assertEquals(List.of(MemberState.UNRESPONSIVE.code(), MemberState.STOPPED.code(), MemberState.STARTED.code()),
                r.getMembersList().stream().map(m -> m.getState()).toList());

        members.updateState(Rank.of(0), MemberState.STARTED);
        StatusRuntimeException e = queryError(
                new FakeClient(h -> new ClientException(ClientException.Kind.CANCELLED, "client closed", null)));
        assertEquals(Status.Code.CANCELLED, e.getStatus().getCode());
        assertEquals("state unchanged by a failed query", MemberState.STARTED, members.member(Rank.of(0)).get().state());
    }

    /**
     * One host never answers: the query still answers within the per-host deadline + 1 s, that
     * host's Started ranks are Unresponsive and the other hosts' stay Started.
     */
    @Test
    public void aHungHostNoLongerFailsTheQueryItsRanksAreUnresponsive() throws Exception {
        String[] hosts = {"10.0.0.1:10001", "10.0.0.2:10001", "10.0.0.2:10001", "10.0.0.3:10001"};
        MemberState[] states = {MemberState.STARTED, MemberState.STARTED, MemberState.STOPPING, MemberState.STARTED};
        for (int i = 0; i < hosts.length; i++) {
            members.addOrUpdate(new Member(Rank.of(i), "u" + i, hosts[i], states[i]));
        }
        CompletableFuture<RanksResp> hung = new CompletableFuture<>();
        FakeClient client = new FakeClient(h -> h.host().equals("10.0.0.2") ? hung
                : results(h.host().equals("10.0.0.1") ? 0 : 3, MemberState.STARTED.code()));
        Duration deadline = Duration.ofMillis(500);
        SystemQueryService s = new SystemQueryService(() -> harness(true), members, () -> client,
                new Fanout.Settings(Fanout.DEFAULT_IN_FLIGHT, deadline, Duration.ofSeconds(30)), new MemberHosts());
        long t0 = System.nanoTime();
        SystemQueryResp r = s.query(SystemQueryReq.getDefaultInstance());
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertTrue("answered in " + took + " ms", took < deadline.toMillis() + 1_000);
        assertEquals(List.of(MemberState.STARTED.code(), MemberState.UNRESPONSIVE.code(),
                MemberState.UNRESPONSIVE.code(), MemberState.STARTED.code()),
                r.getMembersList().stream().map(m -> m.getState()).toList());
        assertTrue("the hung ping is cancelled", hung.isCancelled());
    }

    /**
     * Issue 13: a host that answers its ping with an error (a fault, a status, a plain error, or a
     * client that fails oddly) no longer fails the whole query: its Started/Stopping ranks are
     * Errored and every other host's ranks are answered.
     */
    @Test
    public void aHostsErrorIsNoLongerTheQuerysItsRanksAreErrored() throws Exception {
        members.addOrUpdate(new Member(Rank.of(0), "u0", "10.0.0.1:10001", MemberState.STARTED));
        members.addOrUpdate(new Member(Rank.of(1), "u1", "10.0.0.2:10001", MemberState.STARTED));
        members.addOrUpdate(new Member(Rank.of(2), "u2", "10.0.0.2:10001", MemberState.STOPPED));
        List<Object> errors = List.of(
                new ClientException(ClientException.Kind.FAILED, Faults.SERVER_HARNESS_NOT_STARTED.toString(),
                        Faults.SERVER_HARNESS_NOT_STARTED, null),
                new ClientException(ClientException.Kind.FAILED, "nil rank in superblock",
                        Status.UNKNOWN.withDescription("nil rank in superblock").asRuntimeException()),
                new ClientException(ClientException.Kind.FAILED, "boom", null),
                new IllegalStateException("client bug"));
        for (Object error : errors) {
            members.updateState(Rank.of(1), MemberState.STARTED);
            FakeClient client = new FakeClient(h -> h.host().equals("10.0.0.2") ? error
                    : results(0, MemberState.STARTED.code()));
            SystemQueryResp r = service(client).query(SystemQueryReq.getDefaultInstance());
            assertEquals(error.toString(), List.of(MemberState.STARTED.code(), MemberState.ERRORED.code(),
                    MemberState.STOPPED.code()), r.getMembersList().stream().map(m -> m.getState()).toList());
        }
    }

    @Test
    public void withoutAClientMembersAreAnsweredAsLastKnown() throws Exception {
        members.addOrUpdate(new Member(Rank.of(0), "u0", "10.0.0.1:10001", MemberState.STARTED));
        SystemQueryResp r = new SystemQueryService(() -> harness(true), members, () -> null)
                .query(SystemQueryReq.getDefaultInstance());
        assertEquals(MemberState.STARTED.code(), r.getMembers(0).getState());
    }

    @Test
    public void rankSelectionKeepsOrderAndDuplicatesUnknownIs424() throws Exception {
        members.addOrUpdate(new Member(Rank.of(0), "u0", "h:1", MemberState.STARTED));
        members.addOrUpdate(new Member(Rank.of(1), "u1", "h:1", MemberState.STARTED));
        SystemQueryService s = service(new FakeClient(h -> results(0, 1, 1, 1)));
        SystemQueryResp r = s.query(SystemQueryReq.newBuilder().addRanks(1).addRanks(0).addRanks(1).build());
        assertEquals(List.of(1, 0, 1), r.getMembersList().stream().map(m -> m.getRank()).toList());
        try {
            s.query(SystemQueryReq.newBuilder().addRanks(7).build());
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals("system: code = 424 description = \"system member with given rank doesn't exists\"",
                    e.getStatus().getDescription());
        }
    }

    /**
     * Defect 4 of issue 10: a ping that failed while the engine was coming up marked the rank
     * Errored for good. A host that now says Started moves it back; Evicted stays; an Unknown
     * (still starting) result changes nothing.
     */
    @Test
    public void aMemberItsHostNowReportsStartedIsStartedAgainDefect4() throws Exception {
        members.addOrUpdate(new Member(Rank.of(0), "u0", "h:1", MemberState.STARTED));
        members.addOrUpdate(new Member(Rank.of(1), "u1", "h:1", MemberState.STOPPED));
        members.addOrUpdate(new Member(Rank.of(2), "u2", "h:1", MemberState.EVICTED));
        members.addOrUpdate(new Member(Rank.of(3), "u3", "h:1", MemberState.UNRESPONSIVE));
        int[][] answer = {{0, MemberState.ERRORED.code(), 1, 0, 2, 1, 3, 0}};
        SystemQueryService s = service(new FakeClient(h -> results(answer[0])));
        List<Integer> states = s.query(SystemQueryReq.getDefaultInstance()).getMembersList().stream()
                .map(m -> m.getState()).toList();
        assertEquals(List.of(MemberState.ERRORED.code(), MemberState.STOPPED.code(), MemberState.EVICTED.code(),
                MemberState.UNRESPONSIVE.code()), states);

        answer[0] = new int[] {0, 0, 1, 1, 2, 1, 3, 1}; // rank 0 still starting; the others run
        states = s.query(SystemQueryReq.getDefaultInstance()).getMembersList().stream().map(m -> m.getState()).toList();
        assertEquals(List.of(MemberState.ERRORED.code(), MemberState.STARTED.code(), MemberState.EVICTED.code(),
                MemberState.STARTED.code()), states);

        answer[0] = new int[] {0, 1, 1, 1, 2, 1, 3, 1};
        assertEquals(MemberState.STARTED.code(), s.query(SystemQueryReq.getDefaultInstance()).getMembers(0).getState());
        assertEquals(MemberState.STARTED, members.member(Rank.of(0)).orElseThrow().state());
    }

    /** A Started member whose engine runs but has not finished its start is Unknown until it has. */
    @Test
    public void aStartedMemberItsHostReportsStillStartingIsUnknownDefect4() throws Exception {
        members.addOrUpdate(new Member(Rank.of(0), "u0", "h:1", MemberState.STARTED));
        members.addOrUpdate(new Member(Rank.of(1), "u1", "h:1", MemberState.STOPPING));
        int[][] answer = {{0, 0, 1, 0}};
        SystemQueryService s = service(new FakeClient(h -> results(answer[0])));
        assertEquals(List.of(MemberState.UNKNOWN.code(), MemberState.STOPPING.code()),
                s.query(SystemQueryReq.getDefaultInstance()).getMembersList().stream().map(m -> m.getState()).toList());
        answer[0] = new int[] {0, 1, 1, 3};
        assertEquals(List.of(MemberState.STARTED.code(), MemberState.STOPPED.code()),
                s.query(SystemQueryReq.getDefaultInstance()).getMembersList().stream().map(m -> m.getState()).toList());
    }

    @Test
    public void moreRanksThanTheBoundIsInvalidArgumentNamingTheField() throws Exception {
        FakeClient client = new FakeClient(h -> results());
        SystemQueryReq.Builder b = SystemQueryReq.newBuilder();
        for (int i = 0; i <= io.daos.control.api.grpc.Bounds.LIST; i++) {
            b.addRanks(i);
        }
        try {
            service(client).query(b.build());
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            assertEquals("ranks: too many entries (4097, at most 4096)", e.getStatus().getDescription());
        }
        assertEquals("rejected before any ping", List.of(), client.calls);
    }

    @Test
    public void harnessNotStartedIs647() throws Exception {
        FakeClient client = new FakeClient(h -> results());
        for (Harness h : new Harness[] {null, harness(false)}) {
            try {
                new SystemQueryService(() -> h, members, () -> client).query(SystemQueryReq.getDefaultInstance());
                fail();
            } catch (StatusRuntimeException e) {
                assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
                assertTrue(e.getStatus().getDescription().contains("code = 647"));
            }
        }
        assertEquals("no ping without a started harness", List.of(), client.calls);
    }
}
