package io.daos.control.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class StateStoreTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    static EngineState sample() {
        EngineState s = new EngineState();
        s.rank = 3;
        s.msCreated = true;
        s.msUuid = "11111111-2222-3333-4444-555555555555";
        s.msAddr = "127.0.0.1:10001";
        s.rankNext = 4;
        s.mapVersion = 7;
        EngineState.Member m = new EngineState.Member();
        m.uuid = "00000000-0000-0000-0000-000000000001";
        m.uri = "ofi+sockets://1.2.3.4:5";
        m.addr = "0.0.0.0:10001";
        m.nctxs = 6;
        m.in = false;
        s.members.put(1L, m);
        EngineState.Pool p = new EngineState.Pool();
        p.ranks = List.of(0L, 1L);
        p.svcReps = List.of(1L);
        p.targetsPerRank = 4;
        p.scmPerTarget = 1L << 30;
        p.nvmePerTarget = 5;
        p.owner = "bob@ with spaces=and:colons\nnewline ü";
        p.acl = List.of("A::OWNER@:rw", "A::we,ird@:r");
        p.containers = List.of("00000000-0000-0000-0000-00000000000c");
        p.label = "";
        s.pools.put("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", p);
        s.faultyDevices.put("00000000-0000-0000-0000-0000000000dd", true);
        return s;
    }

    @Test
    public void roundTrip() throws Exception {
        StateStore st = new StateStore(tmp.getRoot().toPath());
        assertEquals(0, st.load().generation); // no file: fresh state
        EngineState s = sample();
        st.save(s);
        st.save(s);
        EngineState l = st.load();
        assertEquals(2, l.generation);
        assertEquals(s.toProperties(), l.toProperties());
        EngineState.Pool p = l.pools.get("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
        assertEquals("bob@ with spaces=and:colons\nnewline ü", p.owner);
        assertEquals(List.of("A::OWNER@:rw", "A::we,ird@:r"), p.acl);
        assertFalse(l.members.get(1L).in);
        assertFalse(Files.exists(tmp.getRoot().toPath().resolve(".daos_engine.state.tmp")));
    }

    @Test
    public void leftoverTempFileIsIgnoredAndReplaced() throws Exception {
        Path dir = tmp.getRoot().toPath();
        StateStore st = new StateStore(dir);
        st.save(sample());
        Files.writeString(dir.resolve(".daos_engine.state.tmp"), "half a wri");
        assertEquals(1, st.load().generation);
        st.save(st.load());
        assertEquals(2, st.load().generation);
    }

    @Test
    public void damagedFileIsAnError() throws Exception {
        Path dir = tmp.getRoot().toPath();
        StateStore st = new StateStore(dir);
        st.save(sample());
        Path f = dir.resolve(StateStore.FILE);
        String text = Files.readString(f);
        for (String bad : List.of(text.substring(0, text.length() / 2), "", "garbage\n",
                text.replace("ms.rank_next=4", "ms.rank_next=5"))) {
            Files.writeString(f, bad);
            try {
                st.load();
                fail("loaded a damaged file: " + bad.length() + " chars");
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("damaged"));
            }
        }
    }
}
