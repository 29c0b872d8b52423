package io.daos.control.storage.scm.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.util.List;

import org.junit.Test;

import io.daos.control.api.storage.ScmNamespace;
import io.daos.control.api.storage.ScmRegionState;

/** ndctl namespace JSON and ipmctl region listings (SPEC-SERVER §4.3, §8.4 "Namespace JSON parsing"). */
public class NdctlOutputTest {

    /** Verbatim shape of {@code ndctl list -N -v} for one fsdax namespace. */
    static final String ONE = "{\n  \"dev\":\"namespace1.0\",\n  \"mode\":\"fsdax\",\n  \"map\":\"dev\",\n"
            + "  \"size\":3183575302144,\n  \"uuid\":\"842fc847-28e0-4bb6-8dfc-d24afdba1528\",\n"
            + "  \"raw_uuid\":\"dedb4b28-dc4b-4ccd-b7d1-9bd475c91264\",\n  \"sector_size\":512,\n"
            + "  \"align\":2097152,\n  \"blockdev\":\"pmem1\",\n  \"numa_node\":1,\n  \"target_node\":3,\n"
            + "  \"badblock_count\":0,\n  \"badblocks\":[],\n  \"persistence_domain\":\"memory_controller\",\n"
            + "  \"enabled\":true,\n  \"name\":null\n}\n";
    static final ScmNamespace ONE_NS = new ScmNamespace("842fc847-28e0-4bb6-8dfc-d24afdba1528", "pmem1",
            "namespace1.0", 1, 3183575302144L);

    private static IOException parseFailure(String json) {
        try {
            NdctlOutput.namespaces(json);
        } catch (IOException e) {
            return e;
        }
        fail("parsed: " + json);
        return null;
    }

    @Test
    public void emptyOutputIsNoNamespaces() throws Exception {
        assertEquals(List.of(), NdctlOutput.namespaces(""));
        assertEquals(List.of(), NdctlOutput.namespaces(" \n"));
        assertEquals(List.of(), NdctlOutput.namespaces("[]"));
    }

    @Test
    public void singleObject() throws Exception {
        assertEquals(List.of(ONE_NS), NdctlOutput.namespaces(ONE));
    }

    @Test
    public void array() throws Exception {
        String two = "[\n" + ONE + ",\n{\"dev\":\"namespace0.0\",\"blockdev\":\"pmem0\",\"uuid\":\"u\\u0030\\\"\","
                + "\"size\":1.5e3,\"numa_node\":0}\n]\n";
        assertEquals(List.of(ONE_NS, new ScmNamespace("u0\"", "pmem0", "namespace0.0", 0, 1500)),
                NdctlOutput.namespaces(two));
    }

    @Test
    public void absentFieldsAreEmpty() throws Exception {
        assertEquals(List.of(new ScmNamespace("", "", "namespace0.0", 0, 0)),
                NdctlOutput.namespaces("{\"dev\":\"namespace0.0\"}"));
    }

    @Test
    public void malformedMentionsJsonInput() {
        assertEquals("unexpected end of JSON input", parseFailure("{\"dev\":").getMessage());
        assertEquals("unexpected end of JSON input", parseFailure("[{}").getMessage());
        assertEquals("unexpected end of JSON input", parseFailure("{\"dev\":\"namespace").getMessage());
        for (String bad : List.of("nope", "{\"dev\" \"x\"}", "{\"dev\":}", "{} {}", "[1,]", "{\"a\":1,}",
                "{\"size\":01x}", "{\"a\":\"\\q\"}", "{\"a\":tru}", "-")) {
            String m = parseFailure(bad).getMessage();
            assertTrue(bad + " → " + m, m.contains("JSON input"));
        }
    }

    @Test
    public void wrongTypesAreErrors() {
        assertTrue(parseFailure("[1]").getMessage().contains("JSON input"));
        assertTrue(parseFailure("\"x\"").getMessage().contains("JSON input"));
        assertEquals("cannot unmarshal string into field size of type number",
                parseFailure("{\"size\":\"big\"}").getMessage());
        assertEquals("cannot unmarshal number into field dev of type string", parseFailure("{\"dev\":1}").getMessage());
        assertEquals("cannot unmarshal number 1.5 into field numa_node of type integer",
                parseFailure("{\"numa_node\":1.5}").getMessage());
    }

    // ---- region state

    static final String HEAD = "---ISetID=0x2aba7f4828ef2ccc---\n   SocketID=0x0000\n";

    @Test
    public void noRegions() throws Exception {
        assertEquals(ScmRegionState.NO_REGIONS,
                NdctlOutput.regionState("\nThere are no Regions defined in the system.\n"));
        // newer ipmctl prints it without the surrounding newlines
        assertEquals(ScmRegionState.NO_REGIONS, NdctlOutput.regionState("There are no Regions defined in the system."));
    }

    @Test
    public void tooFewLines() {
        for (String[] c : new String[][] {{"", "1"}, {"x\n", "2"}, {"a\nb\n", "3"}}) {
            try {
                NdctlOutput.regionState(c[0]);
                fail(c[0]);
            } catch (IOException e) {
                assertEquals("expecting at least 4 lines, got " + c[1], e.getMessage());
            }
        }
    }

    @Test
    public void freeAndNoCapacity() throws Exception {
        String noCap = HEAD + "   PersistentMemoryType=AppDirect\n   FreeCapacity=0.0 GiB\n";
        String free = HEAD + "   PersistentMemoryType=AppDirect\n   FreeCapacity=1506.0 GiB\n";
        assertEquals(ScmRegionState.NO_CAPACITY, NdctlOutput.regionState(noCap));
        assertEquals(ScmRegionState.FREE_CAPACITY, NdctlOutput.regionState(free));
        // any AppDirect region with free capacity counts, e.g. the second socket's
        assertEquals(ScmRegionState.FREE_CAPACITY, NdctlOutput.regionState(noCap + free.replace("0x0000", "0x0001")));
        assertEquals(ScmRegionState.NO_CAPACITY, NdctlOutput.regionState(noCap + noCap));
    }

    @Test
    public void onlyAppDirectFollowedByFreeCapacityCounts() throws Exception {
        // not AppDirect
        assertEquals(ScmRegionState.NO_CAPACITY, NdctlOutput.regionState(
                HEAD + "   PersistentMemoryType=AppDirectNotInterleaved\n   FreeCapacity=12.0 GiB\n"));
        // FreeCapacity not immediately after the AppDirect line
        assertEquals(ScmRegionState.NO_CAPACITY, NdctlOutput.regionState(
                "---ISetID=0x1---\n   PersistentMemoryType=AppDirect\n   SocketID=0x0000\n   FreeCapacity=12.0 GiB\n"));
    }
}
