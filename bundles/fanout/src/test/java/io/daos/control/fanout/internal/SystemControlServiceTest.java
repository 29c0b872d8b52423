package io.daos.control.fanout.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.client.HarnessClient;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.harness.LocalInstance;
import io.daos.control.api.harness.StubHarness;
import io.daos.control.api.net.HostPort;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.proto.ctl.RankResult;
import io.daos.control.proto.ctl.SystemStartReq;
import io.daos.control.proto.ctl.SystemStartResp;
import io.daos.control.proto.ctl.SystemStopReq;
import io.daos.control.proto.ctl.SystemStopResp;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * SystemStop and SystemStart over a fake harness client: an access point 10.0.0.1 holding ranks 0
 * (the management-service rank) and 1, hosts 10.0.0.2 (ranks 2, 3) and 10.0.0.3 (ranks 4, 5).
 */
public class SystemControlServiceTest {

    static final HostPort AP = HostPort.parse("10.0.0.1:10001");
    static final HostPort H2 = HostPort.parse("10.0.0.2:10001");
    static final HostPort H3 = HostPort.parse("10.0.0.3:10001");

    /** The membership, counting the batched updates. */
    static final class Members extends SystemQueryServiceTest.Members {
        int batches;

        @Override
        public synchronized List<Rank> updateStates(Map<Rank, MemberState> states) {
            batches++;
            return super.updateStates(states);
        }

        MemberState state(int rank) {
            return member(Rank.of(rank)).orElseThrow().state();
        }
    }

    /** How a host answers. */
    enum Mode { UP, UNREACHABLE, HUNG, FAILED, STILL_RUNNING }

    /** Answers each host by its mode: results for the ranks asked (all of its ranks when none). */
    final class Client implements HarnessClient {
        final List<String> calls = new ArrayList<>();
        final List<HostPort> forgotten = new ArrayList<>();
        final Map<HostPort, Mode> modes = new HashMap<>();
        final List<CompletableFuture<RanksResp>> hung = new ArrayList<>();
        volatile CountDownLatch hungCalled = new CountDownLatch(1);

        @Override
        public synchronized CompletableFuture<RanksResp> call(HostPort host, RanksOp op, RanksReq req,
                Duration timeout) {
            calls.add(host.host() + " " + op.method() + " " + req.getRanksList() + (req.getForce() ? " force" : ""));
            switch (modes.getOrDefault(host, Mode.UP)) {
                case UNREACHABLE:
                    return CompletableFuture.failedFuture(new ClientException(ClientException.Kind.UNREACHABLE,
                            "connection refused", null));
                case HUNG: {
                    CompletableFuture<RanksResp> f = new CompletableFuture<>();
                    hung.add(f);
                    hungCalled.countDown();
                    return f;
                }
                case FAILED:
                    return CompletableFuture.failedFuture(new ClientException(ClientException.Kind.FAILED,
                            "can't start instances: already started", Status.UNKNOWN
                                    .withDescription("can't start instances: already started").asRuntimeException()));
                default:
                    break;
            }
            boolean still = modes.get(host) == Mode.STILL_RUNNING;
            List<Integer> ranks = req.getRanksCount() > 0 ? req.getRanksList() : ranksOf(host);
            RanksResp.Builder b = RanksResp.newBuilder();
            for (int r : ranks) {
                RanksResp.RankResult.Builder x = RanksResp.RankResult.newBuilder().setRank(r);
                switch (op) {
                    case PREP_SHUTDOWN -> x.setAction("prep shutdown").setState(MemberState.STOPPING.code());
                    case STOP -> {
                        x.setAction("stop").setState((still ? MemberState.STARTED : MemberState.STOPPED).code());
                        if (still) {
                            x.setErrored(true).setMsg("want Stopped, got Started");
                        }
                    }
                    case START -> x.setAction("start").setState(MemberState.STARTED.code());
                    default -> x.setAction("ping").setState(MemberState.STARTED.code());
                }
                b.addResults(x);
            }
            return CompletableFuture.completedFuture(b.build());
        }

        @Override
        public synchronized void forget(HostPort host) {
            forgotten.add(host);
        }
    }

    final Members members = new Members();
    final Client client = new Client();
    boolean started = true;
    Fanout.Settings settings = Fanout.Settings.control();

    public SystemControlServiceTest() {
        add(0, AP);
        add(1, AP);
        add(2, H2);
        add(3, H2);
        add(4, H3);
        add(5, H3);
    }

    private void add(int rank, HostPort host) {
        members.addOrUpdate(new Member(Rank.of(rank), "u" + rank, host.toString(), MemberState.STARTED));
    }

    List<Integer> ranksOf(HostPort host) {
        return members.members().stream().filter(m -> m.address().equals(host.toString()))
                .map(m -> m.rank().bits()).toList();
    }

    private SystemControlService service() {
        StubHarness h = new StubHarness(started) {
            @Override
            public List<LocalInstance> localInstances() {
                return List.of(new LocalInstance(0, "u0", Rank.of(0), true), new LocalInstance(1, "u1", Rank.of(1),
                        false));
            }
        };
        return new SystemControlService(() -> h, members, () -> client, settings, new MemberHosts());
    }

    private static SystemStopReq stopReq(boolean force, int... ranks) {
        SystemStopReq.Builder b = SystemStopReq.newBuilder().setPrep(true).setKill(true).setForce(force);
        for (int r : ranks) {
            b.addRanks(r);
        }
        return b.build();
    }

    private static List<String> show(List<RankResult> results) {
        return results.stream().map(r -> r.getRank() + " " + r.getAction() + " "
                + MemberState.fromCode(r.getState()).label() + (r.getErrored() ? " " + r.getMsg() : "")).toList();
    }

    private StatusRuntimeException stopError(SystemStopReq req) throws Exception {
        try {
            service().stop(req);
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the stop did not fail");
    }

    @Test
    public void stopPrepsThenKillsEveryRankWithTheMsRankLastAndRecordsStoppedInOneChangePerStage()
            throws Exception {
        SystemStopResp r = service().stop(stopReq(false));
        assertEquals(List.of("1 stop Stopped", "2 stop Stopped", "3 stop Stopped", "4 stop Stopped",
                "5 stop Stopped", "0 stop Stopped"), show(r.getResultsList()));
        assertEquals(List.of("10.0.0.1 PrepShutdownRanks [1]", "10.0.0.2 PrepShutdownRanks [2, 3]",
                "10.0.0.3 PrepShutdownRanks [4, 5]", "10.0.0.1 PrepShutdownRanks [0]",
                "10.0.0.1 StopRanks [1]", "10.0.0.2 StopRanks [2, 3]", "10.0.0.3 StopRanks [4, 5]",
                "10.0.0.1 StopRanks [0]"), client.calls);
        for (int i = 0; i < 6; i++) {
            assertEquals(MemberState.STOPPED, members.state(i));
        }
        assertEquals("one membership change per stage", 2, members.batches);
    }

    @Test
    public void forceKillsWithSigkillButPrepsAsAlways() throws Exception {
        service().stop(stopReq(true));
        assertTrue(client.calls.contains("10.0.0.2 PrepShutdownRanks [2, 3]"));
        assertTrue(client.calls.contains("10.0.0.2 StopRanks [2, 3] force"));
        assertTrue(client.calls.contains("10.0.0.1 StopRanks [0] force"));
    }

    @Test
    public void anUnreachableHostFailsAStopWithoutForceAfterRecordingItsRanksStopped() throws Exception {
        client.modes.put(H3, Mode.UNREACHABLE);
        StatusRuntimeException e = stopError(stopReq(false));
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        assertEquals(SystemControlService.PREP_ERRORS, e.getStatus().getDescription());
        assertFalse("no kill stage", client.calls.stream().anyMatch(c -> c.contains("StopRanks")));
        assertEquals(MemberState.STOPPED, members.state(4));
        assertEquals(MemberState.STOPPING, members.state(2));
        assertEquals(MemberState.STOPPING, members.state(0));
    }

    @Test
    public void withForceAnUnreachableHostsRanksAreStoppedWithoutError() throws Exception {
        client.modes.put(H3, Mode.UNREACHABLE);
        SystemStopResp r = service().stop(stopReq(true));
        assertEquals(List.of("1 stop Stopped", "2 stop Stopped", "3 stop Stopped", "4 stop Stopped",
                "5 stop Stopped", "0 stop Stopped"), show(r.getResultsList()));
    }

    @Test
    public void aHungHostIsUnresponsiveWithinItsDeadlineAndTheStopCompletesForTheOthers() throws Exception {
        client.modes.put(H2, Mode.HUNG);
        Duration deadline = Duration.ofMillis(300);
        settings = new Fanout.Settings(Fanout.DEFAULT_IN_FLIGHT, deadline, Duration.ofSeconds(30));
        long t0 = System.nanoTime();
        SystemStopResp r = service().stop(stopReq(true));
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertTrue("two stages in " + took + " ms", took < 2 * deadline.toMillis() + 2_000);
        List<String> shown = show(r.getResultsList());
        assertEquals(List.of("1 stop Stopped", "4 stop Stopped", "5 stop Stopped", "0 stop Stopped"),
                List.of(shown.get(0), shown.get(3), shown.get(4), shown.get(5)));
        for (RankResult x : r.getResultsList().subList(1, 3)) {
            assertEquals(MemberState.UNRESPONSIVE.code(), x.getState());
            assertTrue(x.getMsg(), x.getErrored() && x.getMsg().contains("host 10.0.0.2:10001 unresponsive"));
        }
        assertEquals(MemberState.UNRESPONSIVE, members.state(2));
        assertTrue("the hung calls are cancelled", client.hung.stream().allMatch(CompletableFuture::isCancelled));
    }

    @Test
    public void aHostAnsweringAnErrorIsErroredWithItsMessageAndKeepsItsState() throws Exception {
        client.modes.put(H3, Mode.FAILED);
        SystemStopResp r = service().stop(stopReq(true));
        RankResult four = r.getResultsList().stream().filter(x -> x.getRank() == 4).findFirst().orElseThrow();
        assertTrue(four.getErrored());
        assertEquals("harness 10.0.0.3:10001 stop: can't start instances: already started", four.getMsg());
        assertEquals(MemberState.STARTED.code(), four.getState());
        assertEquals(MemberState.STARTED, members.state(4));
        assertEquals(MemberState.STOPPED, members.state(2));
    }

    @Test
    public void ranksStillRunningAfterTheKillAreErroredAndStayStarted() throws Exception {
        client.modes.put(H2, Mode.STILL_RUNNING);
        SystemStopResp r = service().stop(stopReq(false));
        assertTrue(show(r.getResultsList()).contains("2 stop Started want Stopped, got Started"));
        assertEquals(MemberState.STARTED, members.state(2));
    }

    @Test
    public void theMsHostsOwnFailureFailsTheCommand() throws Exception {
        client.modes.put(AP, Mode.UNREACHABLE);
        StatusRuntimeException e = stopError(stopReq(true));
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription(), e.getStatus().getDescription()
                .startsWith("harness 10.0.0.1:10001 prep shutdown: host 10.0.0.1:10001 unreachable"));
    }

    @Test
    public void startsTheMsHostFirstWithNoRanksThenTheOthersAndRecordsOnlyErroredResults() throws Exception {
        for (int i = 0; i < 6; i++) {
            members.updateState(Rank.of(i), MemberState.STOPPED);
        }
        members.batches = 0;
        client.modes.put(H3, Mode.UNREACHABLE);
        SystemStartResp r = service().start(SystemStartReq.getDefaultInstance());
        assertEquals(List.of("0 start Started", "1 start Started", "2 start Started", "3 start Started",
                "4 start Stopped harness unresponsive", "5 start Stopped harness unresponsive"),
                show(r.getResultsList()));
        assertEquals(List.of("10.0.0.1 StartRanks []", "10.0.0.2 StartRanks [2, 3]", "10.0.0.3 StartRanks [4, 5]"),
                client.calls);
        assertEquals("started ranks wait for their Join", MemberState.STOPPED, members.state(2));
        assertEquals(1, members.batches);
    }

    @Test
    public void startWhileTheMsHostRunsFailsWithItsErrorUnwrapped() throws Exception {
        client.modes.put(AP, Mode.FAILED);
        try {
            service().start(SystemStartReq.getDefaultInstance());
            fail("started");
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
            assertEquals("can't start instances: already started", e.getStatus().getDescription());
        }
        assertEquals("nothing else started", 1, client.calls.size());
    }

    @Test
    public void requestedRanksAreHonouredAndAnUnknownRankIsFault424() throws Exception {
        SystemStopResp r = service().stop(stopReq(false, 3, 2, 3));
        assertEquals(List.of("2 stop Stopped", "3 stop Stopped"), show(r.getResultsList()));
        assertEquals(List.of("10.0.0.2 PrepShutdownRanks [2, 3]", "10.0.0.2 StopRanks [2, 3]"), client.calls);
        assertEquals(MemberState.STARTED, members.state(0));

        StatusRuntimeException e = stopError(stopReq(false, 2, 9));
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals(Faults.SYSTEM_MEMBER_MISSING.toString(), e.getStatus().getDescription());
    }

    @Test
    public void aStopWithNeitherStageIsRefused() throws Exception {
        StatusRuntimeException e = stopError(SystemStopReq.getDefaultInstance());
        assertEquals("response results not populated", e.getStatus().getDescription());
        assertTrue(client.calls.isEmpty());
    }

    @Test
    public void withoutAStartedHarnessItIsFault647() throws Exception {
        started = false;
        StatusRuntimeException e = stopError(stopReq(false));
        assertEquals(Faults.SERVER_HARNESS_NOT_STARTED.toString(), e.getStatus().getDescription());
    }

    @Test
    public void aSecondCommandWhileOneRunsIsRefusedAborted() throws Exception {
        client.modes.put(H2, Mode.HUNG);
        SystemControlService s = service();
        AtomicReference<Throwable> first = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                s.stop(stopReq(true));
            } catch (Throwable e) {
                first.set(e);
            }
        });
        t.start();
        assertTrue(client.hungCalled.await(10, TimeUnit.SECONDS));
        try {
            s.start(SystemStartReq.getDefaultInstance());
            fail("ran alongside");
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.ABORTED, e.getStatus().getCode());
            assertEquals(SystemControlService.BUSY, e.getStatus().getDescription());
        }
        client.hung.forEach(f -> f.complete(RanksResp.getDefaultInstance()));
        t.join(60_000);
        assertFalse(t.isAlive());
        assertEquals(null, first.get());
    }

    @Test
    public void hostsThatLeftTheMembershipHaveTheirChannelsClosed() {
        MemberHosts hosts = new MemberHosts();
        assertEquals(Set.of(), hosts.retain(Set.of(AP, H2, H3), client));
        assertEquals(Set.of(H3), hosts.retain(Set.of(AP, H2), client));
        assertEquals(List.of(H3), client.forgotten);
    }
}
