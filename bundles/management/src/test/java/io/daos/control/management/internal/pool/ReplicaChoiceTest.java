package io.daos.control.management.internal.pool;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;

import io.daos.control.api.drpc.Der;


public class ReplicaChoiceTest {

    private static final List<Integer> FOUR = List.of(0, 1, 2, 3);

    private static List<Integer> replicas(List<Integer> requested, int nsvc, List<Integer> members) {
        ReplicaChoice c = ReplicaChoice.choose(requested, nsvc, members);
        assertEquals(c.toString(), Der.SUCCESS, c.status());
        return c.serviceReplicas();
    }

    @Test
    public void rankZeroIsSkippedWhenOthersAreThere() {
        assertEquals(List.of(1), replicas(List.of(), 1, FOUR));
        assertEquals(List.of(1, 2, 3), replicas(List.of(), 3, FOUR));
        assertEquals(List.of(2), replicas(List.of(0, 2), 1, FOUR));
    }

    @Test
    public void moreReplicasThanRanksTakesAllSelectable() {
        assertEquals(List.of(1, 2, 3), replicas(List.of(), 5, FOUR));
        assertEquals(List.of(1, 2, 3), replicas(List.of(), -1, FOUR)); // uint32 max
    }

    @Test
    public void rankZeroAloneIsTaken() {
        assertEquals(List.of(0), replicas(List.of(), 1, List.of(0)));
        assertEquals(List.of(0), replicas(List.of(0), 3, FOUR));
    }

    @Test
    public void lowestRequestedRanksAreTaken() {
        assertEquals(List.of(2, 5), replicas(List.of(7, 5, 2), 2, List.of(0, 2, 5, 7)));
    }

    @Test
    public void requestedRanksAreSortedWithoutDuplicates() {
        ReplicaChoice c = ReplicaChoice.choose(List.of(3, 1, 3, 0, 1), 2, FOUR);
        assertEquals(List.of(0, 1, 3), c.targetRanks());
        assertEquals(List.of(1, 3), c.serviceReplicas());
    }

    @Test
    public void noRequestedRanksMeansEveryMemberInOrder() {
        ReplicaChoice c = ReplicaChoice.choose(List.of(), 1, List.of(3, 0, 2));
        assertEquals(List.of(0, 2, 3), c.targetRanks());
    }

    @Test
    public void ranksOrderAsUnsigned() {
        int big = (int) 4294967294L;
        ReplicaChoice c = ReplicaChoice.choose(List.of(big, 1), 2, List.of(1, big));
        assertEquals(List.of(1, big), c.targetRanks());
        assertEquals(List.of(1, big), c.serviceReplicas());
    }

    @Test
    public void unknownRequestedRankIsOutOfGroup() {
        ReplicaChoice c = ReplicaChoice.choose(List.of(1, 9), 1, FOUR);
        assertEquals(Der.OOG, c.status());
        assertEquals(List.of(), c.serviceReplicas());
        assertEquals(List.of(1, 9), c.targetRanks());
    }

    @Test
    public void unknownRankWinsOverZeroReplicas() {
        assertEquals(Der.OOG, ReplicaChoice.choose(List.of(9), 0, FOUR).status());
    }

    @Test
    public void zeroReplicasIsInvalid() {
        ReplicaChoice c = ReplicaChoice.choose(List.of(), 0, FOUR);
        assertEquals(Der.INVAL, c.status());
        assertEquals(List.of(), c.serviceReplicas());
    }

    @Test
    public void noMembersAndNoRanksIsInvalid() {
        assertEquals(Der.INVAL, ReplicaChoice.choose(List.of(), 1, List.of()).status());
        assertEquals(Der.OOG, ReplicaChoice.choose(List.of(0), 1, List.of()).status());
    }
}
