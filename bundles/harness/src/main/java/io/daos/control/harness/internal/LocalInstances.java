package io.daos.control.harness.internal;

import java.util.List;

/**
 * The part of the harness that the srv dRPC module and the *Ranks operations see: the instances,
 * the restart request of StartRanks, a wait for the instances to run or to stop, and the turn
 * that serializes the rank operations.
 * {@link HarnessComponent} publishes it as a service for the components of this bundle (its type
 * is not exported, so no other bundle can use it).
 */
public interface LocalInstances {

    /** The managed instances, in index order (never changes after construction). */
    List<IOServerInstance> instances();

    /**
     * Asks the harness thread to start every instance again (SPEC-SERVER §3.13 StartRanks).
     *
     * @throws RanksException the harness is not started, or instances still run
     */
    void requestStart() throws RanksException;

    /**
     * Waits until every instance of {@code which} runs ({@code all}) or none of them does and no
     * start is under way (a StopRanks waits for the start it stopped to unwind, so a StartRanks
     * right after it is accepted), at most {@code ms}; returns either way. A StopRanks of some
     * instances waits for those only, not for the others it leaves running (the reference waits
     * its whole 3 s for them).
     */
    void awaitRunning(boolean all, List<IOServerInstance> which, long ms) throws InterruptedException;

    /** The one turn of this harness's PrepShutdownRanks, StopRanks and StartRanks. */
    RankOpsLock rankOps();
}
