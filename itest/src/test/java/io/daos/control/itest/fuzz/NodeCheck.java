package io.daos.control.itest.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.daos.control.itest.e2e.RunningNode;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;

/**
 * What must hold of the node between fuzz batches, and the restore that makes it hold again
 * after valid state changes (a fuzzed StopRanks, SystemStop, PrepShutdownRanks): the same server
 * pid; grpc.health answers SERVING; every rank Started per PingRanks (restored with StartRanks,
 * and with a forced StopRanks first if that is not enough); exactly one engine process per
 * configured instance below the server; SystemQuery answers and does not contradict PingRanks
 * for this node's ranks. Waits are on the server's answers: PingRanks is asked again (paced,
 * {@link #POLL_MS}) until it says Started or the deadline passes.
 */
public final class NodeCheck {

    /** Pause between two PingRanks polls (pacing only: each poll waits for the answer). */
    static final long POLL_MS = 50;
    private static final int STARTED = 1;
    /**
     * A fuzzed SystemStop with {@code prep} and without {@code kill} leaves the ranks Stopping
     * while their engines run on, and a query keeps that state (SPEC-SYSTEM §2.2 only records
     * Unresponsive, Stopped and Errored from its pings): as legitimate as Started.
     */
    private static final int STOPPING = 2;
    private static final int STOPPED = 3;
    private static final long CALL_S = 30;
    private static final long RESTORE_MS = 60_000;

    private final RunningNode node;
    private final ManagedChannel channel;

    public NodeCheck(RunningNode node, ManagedChannel channel) {
        this.node = node;
        this.channel = channel;
    }

    /** Whether the server process {@code pid} is still the node's and alive. */
    public boolean alive(long pid) {
        return node.pid() == pid && node.process().isAlive();
    }

    /** Restores the ranks if needed and returns what does not hold (empty: healthy). */
    public List<String> restoreAndCheck(long pid) {
        List<String> problems = new ArrayList<>();
        if (!alive(pid)) {
            problems.add("server pid " + pid + " is gone" + " (stderr tail: " + node.stderrTail(5) + ")");
            return problems;
        }
        try {
            ServingStatus s = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_S, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus();
            if (s != ServingStatus.SERVING) {
                problems.add("health says " + s);
            }
        } catch (StatusRuntimeException e) {
            problems.add("health check failed: " + e.getStatus());
        }
        RanksResp ping = restoreRanks(problems);
        if (ping != null && allStarted(ping)) {
            List<ProcessHandle> engines = node.engines();
            if (engines.size() != node.instances()) {
                problems.add(engines.size() + " engine processes for " + node.instances() + " instances: pids "
                        + engines.stream().map(ProcessHandle::pid).toList());
            }
        }
        try {
            List<SystemMember> members = MgmtCtlGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(CALL_S, TimeUnit.SECONDS).systemQuery(SystemQueryReq.getDefaultInstance()).getMembersList();
            String addr = "127.0.0.1:" + node.port();
            if (ping != null && allStarted(ping)) {
                for (SystemMember m : members) {
                    if (m.getAddr().equals(addr) && m.getRank() < node.instances() && m.getState() != STARTED
                            && m.getState() != STOPPING) {
                        problems.add("SystemQuery says rank " + m.getRank() + " state " + m.getState()
                                + " while PingRanks says Started");
                    }
                }
            }
        } catch (StatusRuntimeException e) {
            problems.add("SystemQuery failed: " + e.getStatus());
        }
        return problems;
    }

    private RanksResp ping() {
        return MgmtSvcGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_S, TimeUnit.SECONDS)
                .pingRanks(RanksReq.getDefaultInstance());
    }

    private boolean allStarted(RanksResp r) {
        return r.getResultsCount() == node.instances()
                && r.getResultsList().stream().allMatch(x -> x.getState() == STARTED && !x.getErrored());
    }

    /**
     * PingRanks; StartRanks (after a forced StopRanks, second try) until all Started. A failed
     * restore call is a problem but does not end the restore.
     */
    private RanksResp restoreRanks(List<String> problems) {
        RanksResp r;
        try {
            r = ping();
        } catch (StatusRuntimeException e) {
            problems.add("PingRanks failed: " + e.getStatus());
            return null;
        }
        for (int attempt = 0; attempt < 2 && !allStarted(r); attempt++) {
            MgmtSvcGrpc.MgmtSvcBlockingStub stub = MgmtSvcGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(CALL_S * 2, TimeUnit.SECONDS);
            try {
                if (attempt == 1) {
                    stub.stopRanks(RanksReq.newBuilder().setForce(true).build());
                    awaitAllStopped();
                }
                stub.startRanks(RanksReq.getDefaultInstance());
            } catch (StatusRuntimeException e) {
                // "already started": a start is under way (ranks Unknown until set up); the
                // polling below decides whether they get there. "already running" on the first
                // try: a fuzzed stop of some ranks left the others running, and the harness starts
                // only when every instance has exited — the forced stop of the second try settles it
                String why = String.valueOf(e.getStatus().getDescription());
                if (!why.contains("already started") && !(attempt == 0 && why.contains("already running"))) {
                    problems.add((attempt == 1 ? "forced StopRanks + " : "") + "StartRanks failed while PingRanks says "
                            + states(r) + ": " + e.getStatus());
                }
            }
            long deadline = System.currentTimeMillis() + RESTORE_MS / 2;
            try {
                r = ping();
                while (!allStarted(r) && System.currentTimeMillis() < deadline) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
                    r = ping();
                }
            } catch (StatusRuntimeException e) {
                problems.add("PingRanks failed: " + e.getStatus());
                return null;
            }
        }
        if (!allStarted(r)) {
            problems.add("ranks not restored to Started: " + states(r));
        }
        return r;
    }

    /** After a forced StopRanks (which returns once the signals are sent): every instance exited, or the deadline. */
    private void awaitAllStopped() {
        long deadline = System.currentTimeMillis() + RESTORE_MS / 2;
        RanksResp r = ping();
        while (!r.getResultsList().stream().allMatch(x -> x.getState() == STOPPED)
                && System.currentTimeMillis() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
            r = ping();
        }
    }

    private static String states(RanksResp r) {
        return r.getResultsList().stream().map(x -> "rank " + x.getRank() + " state " + x.getState()
                + (x.getErrored() ? " errored " + x.getMsg() : "")).toList().toString();
    }
}
