package io.daos.control.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;

import java.nio.file.Files;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.api.drpc.Der;

public class MgmtContextTest {
    @Rule
    public final MgmtFixture f = new MgmtFixture();

    @Test
    public void leaderFollowsCreateAndStart() {
        assertEquals(Der.NOTREPLICA, f.ctx.leader());
        f.ctx.msStarted(true); // started without a database still is no replica
        assertEquals(Der.NOTREPLICA, f.ctx.leader());
        f.ctx.msStarted(false);
        f.ctx.state().msCreated = true;
        assertEquals(Der.NOTLEADER, f.ctx.leader());
        f.ctx.msStarted(true);
        assertEquals(Der.SUCCESS, f.ctx.leader());
    }

    @Test
    public void persistSavesTheCurrentState() throws Exception {
        EngineState st = f.ctx.state();
        st.rank = 4;
        assertEquals(Der.SUCCESS, f.ctx.persist());
        assertSame(st, f.ctx.state());
        assertEquals(4, f.onDisk().rank);
        assertEquals(1, f.onDisk().generation);
    }

    @Test
    public void aFailedSaveReloadsTheLastSavedState() throws Exception {
        f.ctx.state().rank = 4;
        f.ctx.persist();
        f.breakSaves();
        EngineState st = f.ctx.state();
        st.rank = 5;
        assertEquals(Der.IO, f.ctx.persist());
        assertNotSame(st, f.ctx.state());
        assertEquals(4, f.ctx.state().rank);
        assertEquals(1, f.ctx.state().generation);
    }

    @Test
    public void aFailedFirstSaveLeavesAFreshState() throws Exception {
        f.breakSaves();
        f.ctx.state().rank = 5;
        assertEquals(Der.IO, f.ctx.persist());
        assertEquals(EngineState.NIL_RANK, f.ctx.state().rank);
        assertFalse(Files.exists(f.scm.resolve(StateStore.FILE)));
    }
}
