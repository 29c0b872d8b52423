package io.daos.control.management.internal;

import static io.daos.control.management.internal.PoolFixture.POOL;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.UUID;

import org.junit.Test;

import io.daos.control.api.drpc.Der;
import io.daos.control.management.internal.db.LocalStore;
import io.daos.control.management.internal.db.PoolState;

/** {@link PoolLookup} and the libuuid rule of {@link RequestChecks#libuuid}. */
public class PoolLookupTest {

    @Test
    public void statusByState() {
        for (PoolState s : PoolState.values()) {
            LocalStore store = PoolFixture.store(3);
            assertEquals(Der.NONEXIST, PoolLookup.status(store, POOL));
            PoolFixture.pool(store, s);
            assertEquals(s.toString(), s == PoolState.CREATING ? Der.AGAIN : Der.SUCCESS, PoolLookup.status(store, POOL));
            assertEquals("either case", s == PoolState.CREATING ? Der.AGAIN : Der.SUCCESS,
                    PoolLookup.status(store, POOL.toUpperCase()));
        }
    }

    @Test
    public void libuuidRules() {
        assertEquals(UUID.fromString(POOL), RequestChecks.libuuid(POOL.toUpperCase()).orElseThrow());
        for (String bad : new String[] {null, "", "1-2-3-4-5", "{" + POOL + "}", "urn:uuid:" + POOL,
                POOL.replace("-", ""), POOL.replace('-', '_'), POOL + "0", POOL.substring(0, 35) + "\uff10",
                " " + POOL.substring(1)}) {
            assertFalse(String.valueOf(bad), RequestChecks.libuuid(bad).isPresent());
            assertEquals(Der.INVAL, PoolLookup.status(PoolFixture.store(1), bad));
        }
    }
}
