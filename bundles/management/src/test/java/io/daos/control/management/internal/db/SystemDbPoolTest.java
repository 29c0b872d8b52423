package io.daos.control.management.internal.db;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.List;
import java.util.UUID;

import org.junit.Before;
import org.junit.Test;

import io.daos.control.api.drpc.Der;


/** The pool directory transitions of SPEC-SYSTEM §4.4.1–4.4.2 in {@link SystemDb}. */
public class SystemDbPoolTest {

    private static final UUID POOL = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private SystemDb db;

    @Before
    public void threeMembers() {
        db = SystemDbTest.bootstrapped();
        db.apply(SystemDbTest.join(1, SystemDb.NIL_RANK));
        db.apply(SystemDbTest.join(2, SystemDb.NIL_RANK));
    }

    private int apply(Command c) {
        return db.apply(c).status();
    }

    private PoolState state() {
        return db.pool(POOL).orElseThrow().state();
    }

    @Test
    public void createBeginRecordsCreatingWithSortedDistinctTargets() {
        assertEquals(Der.SUCCESS, apply(new Command.PoolCreateBegin(POOL, List.of(2L, 0L, 2L), 1L << 30, 0)));
        PoolRecord p = db.pool(POOL).orElseThrow();
        assertEquals(PoolState.CREATING, p.state());
        assertEquals(List.of(0L, 2L), p.targets());
        assertEquals(List.of(), p.svcRanks());
        assertEquals(1L << 30, p.scmBytes());
        assertEquals("pools do not change the system map", 3, db.mapVersion());
    }

    @Test
    public void createBeginRecordsThePlannedReplicas() {
        assertEquals(Der.SUCCESS, apply(new Command.PoolCreateBegin(POOL, List.of(0L, 1L, 2L), 1, 2,
                List.of(1L, 2L))));
        assertEquals(List.of(1L, 2L), db.pool(POOL).orElseThrow().svcRanks());
        assertEquals(PoolState.CREATING, state());
    }

    @Test
    public void createBeginRefusesReplicasOutsideTheTargetsOrRepeated() {
        assertEquals(Der.INVAL, apply(new Command.PoolCreateBegin(POOL, List.of(0L, 1L), 1, 2, List.of(2L))));
        assertEquals(Der.INVAL, apply(new Command.PoolCreateBegin(POOL, List.of(0L, 1L), 1, 2, List.of(1L, 1L))));
        assertFalse(db.pool(POOL).isPresent());
    }

    @Test
    public void fullLifeCreatingReadyDestroyingRemoved() {
        apply(new Command.PoolCreateBegin(POOL, List.of(0L, 1L, 2L), 1, 2));
        assertEquals(Der.SUCCESS, apply(new Command.PoolReady(POOL, List.of(1L, 2L))));
        assertEquals(PoolState.READY, state());
        assertEquals(List.of(1L, 2L), db.pool(POOL).orElseThrow().svcRanks());
        assertEquals(Der.SUCCESS, apply(new Command.PoolDestroyBegin(POOL)));
        assertEquals(PoolState.DESTROYING, state());
        assertEquals("destroy may be retried", Der.SUCCESS, apply(new Command.PoolDestroyBegin(POOL)));
        assertEquals(Der.SUCCESS, apply(new Command.PoolRemove(POOL)));
        assertFalse(db.pool(POOL).isPresent());
    }

    @Test
    public void createOfACreatingPoolIsAgainAndOfAReadyOneAlready() {
        apply(new Command.PoolCreateBegin(POOL, List.of(1L), 1, 2));
        assertEquals(Der.AGAIN, apply(new Command.PoolCreateBegin(POOL, List.of(1L), 1, 2)));
        apply(new Command.PoolReady(POOL, List.of(1L)));
        assertEquals(Der.ALREADY, apply(new Command.PoolCreateBegin(POOL, List.of(1L), 1, 2)));
        apply(new Command.PoolDestroyBegin(POOL));
        assertEquals(Der.ALREADY, apply(new Command.PoolCreateBegin(POOL, List.of(1L), 1, 2)));
        assertEquals(PoolState.DESTROYING, state());
    }

    @Test
    public void createOnANonMemberRankIsOutOfGroupAndRecordsNothing() {
        assertEquals(Der.OOG, apply(new Command.PoolCreateBegin(POOL, List.of(1L, 9L), 1, 2)));
        assertFalse(db.pool(POOL).isPresent());
    }

    @Test
    public void createWithoutTargetsOrWithNegativeSizesIsInval() {
        assertEquals(Der.INVAL, apply(new Command.PoolCreateBegin(POOL, List.of(), 1, 2)));
        assertEquals(Der.INVAL, apply(new Command.PoolCreateBegin(POOL, List.of(1L), -1, 2)));
        assertEquals(Der.INVAL, apply(new Command.PoolCreateBegin(POOL, List.of(1L), 1, -2)));
        assertEquals(List.of(), db.pools());
    }

    @Test
    public void readyIsRefusedUnlessCreatingWithReplicasAmongTheTargets() {
        assertEquals(Der.NONEXIST, apply(new Command.PoolReady(POOL, List.of(1L))));
        apply(new Command.PoolCreateBegin(POOL, List.of(1L, 2L), 1, 2));
        assertEquals(Der.INVAL, apply(new Command.PoolReady(POOL, List.of())));
        assertEquals(Der.INVAL, apply(new Command.PoolReady(POOL, List.of(0L))));
        assertEquals(Der.INVAL, apply(new Command.PoolReady(POOL, List.of(1L, 1L))));
        assertEquals(PoolState.CREATING, state());
        apply(new Command.PoolReady(POOL, List.of(1L)));
        assertEquals(Der.ALREADY, apply(new Command.PoolReady(POOL, List.of(2L))));
        assertEquals(List.of(1L), db.pool(POOL).orElseThrow().svcRanks());
        apply(new Command.PoolDestroyBegin(POOL));
        assertEquals(Der.INVAL, apply(new Command.PoolReady(POOL, List.of(1L))));
        assertEquals(PoolState.DESTROYING, state());
    }

    @Test
    public void destroyOfAnUnknownPoolIsNonexistAndOfACreatingOneAgain() {
        assertEquals(Der.NONEXIST, apply(new Command.PoolDestroyBegin(POOL)));
        apply(new Command.PoolCreateBegin(POOL, List.of(1L), 1, 2));
        assertEquals(Der.AGAIN, apply(new Command.PoolDestroyBegin(POOL)));
        assertEquals(PoolState.CREATING, state());
    }

    @Test
    public void removeTakesAFailedCreateAwayAndAnUnknownPoolIsNonexist() {
        assertEquals(Der.NONEXIST, apply(new Command.PoolRemove(POOL)));
        apply(new Command.PoolCreateBegin(POOL, List.of(1L), 1, 2));
        assertEquals(Der.SUCCESS, apply(new Command.PoolRemove(POOL)));
        assertEquals(List.of(), db.pools());
    }

    @Test
    public void restartKeepsPoolsAsTheyWere() {
        apply(new Command.PoolCreateBegin(POOL, List.of(1L), 1, 2));
        assertEquals(PoolState.CREATING, SystemDb.loadAfterRestart(db.snapshot()).pool(POOL).orElseThrow().state());
    }
}
