package io.daos.control.management.internal.db;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.UUID;

import org.junit.Test;

import io.daos.control.management.internal.db.SystemStore.Leadership;

/** A store without replicas (LocalStore) leads a group of one; Leadership's own rule. */
public class SystemStoreDefaultsTest {

    @Test
    public void aLocalStoreLeadsAGroupOfOneAndSyncIsItsView() {
        LocalStore store = new LocalStore();
        store.submit(new Command.Bootstrap(new UUID(1, 1), 0, "10.0.0.1:10001", "ofi+tcp://a", 1));
        assertSame(store.view(), store.sync());
        assertEquals(new Leadership(0, 0, 1, 0), store.leadership());
        assertTrue(store.leadership().isLeader());
        assertEquals(store.leadership(), store.awaitLeader(Duration.ofDays(1)));
        store.onLeaderChange(l -> {
            throw new AssertionError("never called");
        });
    }

    @Test
    public void onlyAKnownSelfThatIsTheLeaderLeads() {
        assertTrue(new Leadership(2, 2, 3, 5).isLeader());
        assertFalse(new Leadership(1, 2, 3, 5).isLeader());
        assertFalse(new Leadership(-1, -1, 3, 5).isLeader());
        assertFalse(new Leadership(0, -1, 3, 5).isLeader());
    }
}
