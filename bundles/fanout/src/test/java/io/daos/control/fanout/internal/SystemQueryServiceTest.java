package io.daos.control.fanout.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.Test;

import io.daos.control.api.harness.Harness;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.api.system.SystemMembership;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.ctl.SystemQueryResp;
import io.daos.control.proto.mgmt.RanksResp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

public class SystemQueryServiceTest {

    /** Minimal in-memory membership with the api semantics. */
    static final class Members implements SystemMembership {
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

        @Override
        public synchronized void remove(Rank r) {
            map.remove(r);
        }
    }

    private static Harness harness(boolean started) {
        return new Harness() {
            @Override
            public int instanceCount() {
                return 1;
            }

            @Override
            public boolean isStarted() {
                return started;
            }

            @Override
            public void storageReady(int index) {
            }
        };
    }

    private final Members members = new Members();
    private final List<String> pinged = new ArrayList<>();

    private static RanksResp results(int... rankState) {
        RanksResp.Builder b = RanksResp.newBuilder();
        for (int i = 0; i < rankState.length; i += 2) {
            b.addResults(RanksResp.RankResult.newBuilder().setRank(rankState[i]).setAction("ping")
                    .setState(rankState[i + 1]));
        }
        return b.build();
    }

    @Test
    public void refreshMovesOnlyStartedOrStoppingMembersAndSortsByRank() {
        members.addOrUpdate(new Member(Rank.of(2), "u2", "10.0.0.2:10001", MemberState.STARTED));
        members.addOrUpdate(new Member(Rank.of(0), "u0", "10.0.0.1:10001", MemberState.STARTED));
        members.addOrUpdate(new Member(Rank.of(1), "u1", "10.0.0.1:10001", MemberState.EVICTED));
        SystemQueryService s = new SystemQueryService(() -> harness(true), members, addr -> {
            pinged.add(addr);
            return addr.startsWith("10.0.0.1") ? results(0, 3, 1, 3) : results(2, 1);
        });
        SystemQueryResp r = s.query(SystemQueryReq.getDefaultInstance());
        assertEquals(2, pinged.size());
        assertEquals(3, r.getMembersCount());
        assertEquals(0, r.getMembers(0).getRank());
        assertEquals(MemberState.STOPPED.code(), r.getMembers(0).getState());
        assertEquals(MemberState.EVICTED.code(), r.getMembers(1).getState()); // not moved back or over
        assertEquals(MemberState.STARTED.code(), r.getMembers(2).getState());
        assertEquals("10.0.0.2:10001", r.getMembers(2).getAddr());
        assertEquals("u2", r.getMembers(2).getUuid());
    }

    @Test
    public void unreachableHostMarksItsRanksStoppedOtherErrorsFail() {
        members.addOrUpdate(new Member(Rank.of(0), "u0", "10.0.0.1:10001", MemberState.STARTED));
        StatusRuntimeException refused = Status.UNAVAILABLE.withCause(new ConnectException("refused"))
                .asRuntimeException();
        assertTrue(SystemQueryService.unreachable(refused));
        SystemQueryService s = new SystemQueryService(() -> harness(true), members, a -> {
            throw refused;
        });
        assertEquals(MemberState.STOPPED.code(), s.query(SystemQueryReq.getDefaultInstance()).getMembers(0).getState());

        StatusRuntimeException deadline = Status.DEADLINE_EXCEEDED.asRuntimeException();
        assertFalse(SystemQueryService.unreachable(deadline));
        SystemQueryService failing = new SystemQueryService(() -> harness(true), members, a -> {
            throw deadline;
        });
        try {
            failing.query(SystemQueryReq.getDefaultInstance());
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        }
    }

    @Test
    public void rankSelectionKeepsOrderAndDuplicatesUnknownIs424() {
        members.addOrUpdate(new Member(Rank.of(0), "u0", "h:1", MemberState.STARTED));
        members.addOrUpdate(new Member(Rank.of(1), "u1", "h:1", MemberState.STARTED));
        SystemQueryService s = new SystemQueryService(() -> harness(true), members, a -> results(0, 1, 1, 1));
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

    @Test
    public void harnessNotStartedIs647() {
        for (Harness h : new Harness[] {null, harness(false)}) {
            try {
                new SystemQueryService(() -> h, members, a -> results()).query(SystemQueryReq.getDefaultInstance());
                fail();
            } catch (StatusRuntimeException e) {
                assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
                assertTrue(e.getStatus().getDescription().contains("code = 647"));
            }
        }
    }
}
