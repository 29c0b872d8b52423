package io.daos.control.storage.scm.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.daos.control.api.fault.Fault;
import io.daos.control.api.storage.ScmModule;
import io.daos.control.api.storage.ScmNamespace;
import io.daos.control.api.storage.ScmPrepareResult;
import io.daos.control.api.storage.ScmRegionState;
import io.daos.control.api.storage.ScmScan;
import io.daos.control.api.storage.StorageException;
import io.daos.control.jna.LibraryNotInstalledException;

/**
 * SCM scan (SPEC-SERVER §4.3) and prepare/reset (§4.4) against scripted PMem hardware: every
 * §8.4 scan/prepare case and the command sequences of §4.4.
 */
public class ScmScanPrepareTest {

    static final String LIST = "ndctl list -N -v";
    static final String SHOW = "ipmctl show -d PersistentMemoryType,FreeCapacity -region";
    static final String DELETE_GOAL = "ipmctl delete -goal";
    static final String CREATE_APPDIRECT = "ipmctl create -f -goal PersistentMemoryType=AppDirect";
    static final String CREATE_MEMORYMODE = "ipmctl create -f -goal MemoryMode=100";
    static final String CREATE_NS = "ndctl create-namespace";

    static final String NO_REGIONS = "\nThere are no Regions defined in the system.\n";
    static final String FREE = "---ISetID=0x2aba7f4828ef2ccc---\n   SocketID=0x0000\n"
            + "   PersistentMemoryType=AppDirect\n   FreeCapacity=3012.0 GiB\n";
    static final String NO_CAP = "---ISetID=0x2aba7f4828ef2ccc---\n   SocketID=0x0000\n"
            + "   PersistentMemoryType=AppDirect\n   FreeCapacity=0.0 GiB\n";

    static final ScmModule MOD_2 = new ScmModule(1, 0, 0, 0, 2, 549755813888L);
    static final ScmModule MOD_1 = new ScmModule(0, 1, 1, 1, 1, 549755813888L);

    static final ScmNamespace NS_0 = new ScmNamespace("842fc847-28e0-4bb6-8dfc-d24afdba1528", "pmem0",
            "namespace0.0", 0, 3183575302144L);
    static final ScmNamespace NS_1 = new ScmNamespace("1bd1a5a1-4f37-4ff3-a9a5-a5e2e0b5ba3e", "pmem1",
            "namespace1.0", 1, 3183575302144L);

    static String json(ScmNamespace ns) {
        return "{\n  \"dev\":\"" + ns.name() + "\",\n  \"mode\":\"fsdax\",\n  \"map\":\"dev\",\n  \"size\":" + ns.size()
                + ",\n  \"uuid\":\"" + ns.uuid() + "\",\n  \"sector_size\":512,\n  \"align\":2097152,\n"
                + "  \"blockdev\":\"" + ns.blockDevice() + "\",\n  \"numa_node\":" + ns.numaNode() + "\n}\n";
    }

    static String jsonArray(ScmNamespace... nss) {
        List<String> parts = new ArrayList<>();
        for (ScmNamespace ns : nss) {
            parts.add(json(ns));
        }
        return "[\n" + String.join(",\n", parts) + "]\n";
    }

    private FakePmemBackend pmem;
    private FakeScmBackend scm;
    private ScmProviderImpl provider;
    private final List<String> infos = new ArrayList<>();
    private final Logger log = Logger.getLogger("io.daos.control.storage.scm");
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel() == Level.INFO) {
                infos.add(r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Before
    public void setUp() {
        pmem = new FakePmemBackend();
        scm = new FakeScmBackend();
        provider = new ScmProviderImpl(scm, pmem);
        infos.clear();
        log.removeHandler(handler);
        log.addHandler(handler);
        log.setUseParentHandlers(false);
    }

    @After
    public void tearDown() {
        log.removeHandler(handler);
        log.setUseParentHandlers(true);
    }

    private void withModules() {
        pmem.modules.add(MOD_2);
        pmem.modules.add(MOD_1);
    }

    private StorageException failure(Op op) {
        try {
            op.run();
        } catch (StorageException e) {
            return e;
        }
        fail("expected a StorageException");
        return null;
    }

    interface Op {
        void run() throws StorageException;
    }

    // ---- scan

    @Test
    public void noModulesIsAnEmptyResultAndRunsNothing() throws Exception {
        ScmScan s = provider.scan();
        assertEquals(new ScmScan(ScmRegionState.UNKNOWN, List.of(), List.of()), s);
        assertEquals(List.of(), pmem.commands);
        assertEquals(1, pmem.discoveries);
    }

    @Test
    public void modulesWithoutNamespaces() throws Exception {
        withModules();
        pmem.on(LIST, "").on(SHOW, NO_REGIONS);
        ScmScan s = provider.scan();
        assertEquals(List.of(MOD_1, MOD_2), s.modules()); // sorted by physical id
        assertEquals(List.of(), s.namespaces());
        assertEquals(ScmRegionState.NO_REGIONS, s.state());
        assertEquals(List.of(LIST, SHOW), pmem.commands);
    }

    @Test
    public void namespacesSortedByBlockDeviceInEveryState() throws Exception {
        for (Object[] c : new Object[][] {{FREE, ScmRegionState.FREE_CAPACITY},
                {NO_CAP, ScmRegionState.NO_CAPACITY}, {NO_REGIONS, ScmRegionState.NO_REGIONS}}) {
            setUp();
            withModules();
            pmem.on(LIST, jsonArray(NS_1, NS_0)).on(SHOW, (String) c[0]);
            ScmScan s = provider.scan();
            assertEquals(c[1], s.state());
            assertEquals(List.of(NS_0, NS_1), s.namespaces());
            assertEquals(List.of(MOD_1, MOD_2), s.modules());
        }
    }

    @Test
    public void singleNamespaceObject() throws Exception {
        withModules();
        pmem.on(LIST, json(NS_1)).on(SHOW, NO_CAP);
        assertEquals(List.of(NS_1), provider.scan().namespaces());
    }

    @Test
    public void ndctlMissingIsTheMissingDependencyFault() {
        withModules();
        pmem.missingCommands.add("ndctl");
        StorageException e = failure(provider::scan);
        assertEquals("scm: code = 1 description = \"ndctl utility not found\"", e.getMessage());
        Fault f = e.fault().orElseThrow();
        assertEquals(1, f.code());
        assertEquals("scm: code = 1 resolution = \"install the ndctl software for your OS\"", e.resolutionLine());
        assertEquals(List.of(), pmem.commands);
    }

    @Test
    public void ndctlMissingWithoutModulesIsNoError() throws Exception {
        pmem.missingCommands.add("ndctl");
        assertTrue(provider.scan().modules().isEmpty());
    }

    @Test
    public void discoveryFailure() {
        pmem.discoveryError = new IOException("get_number_of_devices: rc=268");
        assertEquals("failed to discover SCM modules: get_number_of_devices: rc=268",
                failure(provider::scan).getMessage());
        pmem.discoveryError = new IOException("get_devices: rc=273");
        assertEquals("failed to discover SCM modules: get_devices: rc=273", failure(provider::scan).getMessage());
        assertEquals(List.of(), pmem.commands);
    }

    @Test
    public void libraryMissingIsACode1Fault() {
        pmem.libraryMissing = new LibraryNotInstalledException("libipmctl", "libipmctl5", null);
        StorageException e = failure(provider::scan);
        Fault f = e.fault().orElseThrow();
        assertEquals("scm", f.domain());
        assertEquals(1, f.code());
        assertEquals("scm: code = 1 description = \"libipmctl library not found\"", e.getMessage());
        assertEquals("scm: code = 1 resolution = \"install the libipmctl5 package for your OS\"", e.resolutionLine());
        assertEquals(List.of(), pmem.commands);
    }

    @Test
    public void stateFailure() {
        withModules();
        pmem.on(LIST, "").on(SHOW, new IOException("exit status 1: stdout: ; stderr: boom"));
        assertEquals("getting state: exit status 1: stdout: ; stderr: boom", failure(provider::scan).getMessage());
        setUp();
        withModules();
        pmem.on(LIST, "").on(SHOW, "one\n");
        assertEquals("getting state: expecting at least 4 lines, got 2", failure(provider::scan).getMessage());
    }

    @Test
    public void namespaceListFailures() {
        withModules();
        pmem.on(LIST, new IOException("exit status 1: stdout: ; stderr: no"));
        assertEquals("list namespaces: exit status 1: stdout: ; stderr: no", failure(provider::scan).getMessage());
        setUp();
        withModules();
        pmem.on(LIST, "{\"dev\":");
        StorageException e = failure(provider::scan);
        assertEquals("parsing pmem devs: unexpected end of JSON input", e.getMessage());
    }

    @Test
    public void secondScanIsCachedAndFailuresAreNot() throws Exception {
        withModules();
        pmem.discoveryError = new IOException("get_number_of_devices: rc=267");
        failure(provider::scan);
        pmem.discoveryError = null;
        pmem.on(LIST, json(NS_0)).on(SHOW, NO_CAP);
        ScmScan first = provider.scan();
        List<String> after = List.copyOf(pmem.commands);
        int discoveries = pmem.discoveries;
        pmem.modules.clear(); // the hardware "changes": the cache does not see it
        assertSame(first, provider.scan());
        assertEquals(after, pmem.commands);
        assertEquals(discoveries, pmem.discoveries);
    }

    // ---- prepare (not reset)

    @Test
    public void prepareWithoutModulesDoesNothing() throws Exception {
        for (boolean reset : new boolean[] {false, true}) {
            setUp();
            infos.clear();
            ScmPrepareResult r = provider.prepare(reset);
            assertEquals(new ScmPrepareResult(ScmRegionState.UNKNOWN, false, List.of()), r);
            assertEquals(List.of("skipping SCM prepare; no modules detected"), infos);
            assertEquals(List.of(), pmem.commands);
            assertEquals(List.of(), scm.calls);
        }
    }

    @Test
    public void prepareNoRegionsSetsTheAppDirectGoal() throws Exception {
        withModules();
        pmem.on(LIST, "").on(SHOW, NO_REGIONS, FREE).on(DELETE_GOAL, "").on(CREATE_APPDIRECT, "");
        ScmPrepareResult r = provider.prepare(false);
        assertTrue(r.rebootRequired());
        assertEquals(ScmRegionState.FREE_CAPACITY, r.state());
        assertEquals(List.of(), r.namespaces());
        // §4.4: show-region, delete-goal, create-goal (after the scan's list; then the re-read)
        assertEquals(List.of(LIST, SHOW, DELETE_GOAL, CREATE_APPDIRECT, SHOW), pmem.commands);
    }

    @Test
    public void prepareFreeCapacityOneRegion() throws Exception {
        withModules();
        pmem.on(LIST, "").on(SHOW, FREE, NO_CAP).on(CREATE_NS, json(NS_0));
        ScmPrepareResult r = provider.prepare(false);
        assertFalse(r.rebootRequired());
        assertEquals(ScmRegionState.NO_CAPACITY, r.state());
        assertEquals(List.of(NS_0), r.namespaces());
        // §4.4: show-region, create-namespace, show-region (then the re-read)
        assertEquals(List.of(LIST, SHOW, CREATE_NS, SHOW, SHOW), pmem.commands);
        assertEquals(List.of("creating SCM namespace, may take a few minutes..."), infos);
    }

    @Test
    public void prepareFreeCapacityTwoRegions() throws Exception {
        withModules();
        pmem.on(LIST, "").on(SHOW, FREE, FREE, NO_CAP).on(CREATE_NS, json(NS_0), json(NS_1));
        ScmPrepareResult r = provider.prepare(false);
        assertEquals(List.of(NS_0, NS_1), r.namespaces());
        assertEquals(ScmRegionState.NO_CAPACITY, r.state());
        assertFalse(r.rebootRequired());
        assertEquals(List.of(LIST, SHOW, CREATE_NS, SHOW, CREATE_NS, SHOW, SHOW), pmem.commands);
        assertEquals(2, infos.size());
    }

    @Test
    public void prepareNoCapacityListsTheNamespaces() throws Exception {
        withModules();
        pmem.on(LIST, jsonArray(NS_0, NS_1)).on(SHOW, NO_CAP);
        ScmPrepareResult r = provider.prepare(false);
        assertEquals(new ScmPrepareResult(ScmRegionState.NO_CAPACITY, false, List.of(NS_0, NS_1)), r);
        // §4.4: show-region, list-namespaces
        assertEquals(List.of(LIST, SHOW, LIST, SHOW), pmem.commands);
    }

    @Test
    public void unexpectedStateStopsTheNamespaceLoop() {
        withModules();
        pmem.on(LIST, "").on(SHOW, FREE, NO_REGIONS).on(CREATE_NS, json(NS_0));
        assertEquals("unexpected state: want ScmStateFreeCapacity, got ScmStateNoRegions",
                failure(() -> provider.prepare(false)).getMessage());
    }

    @Test
    public void aToolThatNeverRunsOutOfCapacityIsBounded() {
        withModules();
        pmem.on(LIST, "").on(SHOW, FREE).on(CREATE_NS, json(NS_0));
        StorageException e = failure(() -> provider.prepare(false));
        assertTrue(e.getMessage(), e.getMessage().startsWith("unexpected state: want ScmStateNoCapacity after "));
        assertEquals(2 + 2 * ScmInventory.MAX_NAMESPACE_ROUNDS, pmem.commands.size());
    }

    @Test
    public void namespaceLoopFailures() {
        withModules();
        pmem.on(LIST, "").on(SHOW, FREE).on(CREATE_NS, new IOException("exit status 1: stdout: ; stderr: busy"));
        assertEquals("create namespace cmd: exit status 1: stdout: ; stderr: busy",
                failure(() -> provider.prepare(false)).getMessage());

        setUp();
        withModules();
        pmem.on(LIST, "").on(SHOW, FREE).on(CREATE_NS, "{oops}");
        StorageException e = failure(() -> provider.prepare(false));
        assertTrue(e.getMessage(), e.getMessage().startsWith("parsing pmem devs: "));
        assertTrue(e.getMessage(), e.getMessage().contains("JSON input"));

        setUp();
        withModules();
        pmem.on(LIST, "").on(SHOW, FREE, new IOException("exit status 1: stdout: ; stderr: gone"))
                .on(CREATE_NS, json(NS_0));
        assertEquals("getting state: exit status 1: stdout: ; stderr: gone",
                failure(() -> provider.prepare(false)).getMessage());
    }

    @Test
    public void goalFailures() {
        withModules();
        pmem.on(LIST, "").on(SHOW, NO_REGIONS).on(DELETE_GOAL, new IOException("exit status 1: stdout: x; stderr: "));
        assertEquals("clear goal: exit status 1: stdout: x; stderr: ", failure(() -> provider.prepare(false)).getMessage());
        assertEquals(List.of(LIST, SHOW, DELETE_GOAL), pmem.commands);

        setUp();
        withModules();
        pmem.on(LIST, "").on(SHOW, NO_REGIONS).on(DELETE_GOAL, "")
                .on(CREATE_APPDIRECT, new IOException("exit status 2: stdout: ; stderr: no"));
        assertEquals("create goal: exit status 2: stdout: ; stderr: no",
                failure(() -> provider.prepare(false)).getMessage());
    }

    @Test
    public void postOperationStateFailure() {
        withModules();
        pmem.on(LIST, "").on(SHOW, NO_REGIONS, new IOException("exit status 1: stdout: ; stderr: later"))
                .on(DELETE_GOAL, "").on(CREATE_APPDIRECT, "");
        assertEquals("getting state: exit status 1: stdout: ; stderr: later",
                failure(() -> provider.prepare(false)).getMessage());

        setUp();
        withModules();
        pmem.on(LIST, json(NS_0)).on(SHOW, NO_CAP, "short\n").on(DELETE_GOAL, "").on(CREATE_MEMORYMODE, "")
                .on("ndctl disable-namespace namespace0.0", "").on("ndctl destroy-namespace namespace0.0", "");
        assertEquals("getting state: expecting at least 4 lines, got 2",
                failure(() -> provider.prepare(true)).getMessage());
    }

    @Test
    public void discoveryFailureFailsPrepare() {
        pmem.discoveryError = new IOException("get_number_of_devices: rc=267");
        for (boolean reset : new boolean[] {false, true}) {
            assertEquals("failed to discover SCM modules: get_number_of_devices: rc=267",
                    failure(() -> provider.prepare(reset)).getMessage());
        }
    }

    @Test
    public void ndctlMissingFailsPrepareAndResetAtTheScan() {
        withModules();
        pmem.missingCommands.add("ndctl");
        for (boolean reset : new boolean[] {false, true}) {
            StorageException e = failure(() -> provider.prepare(reset));
            assertEquals("scm: code = 1 description = \"ndctl utility not found\"", e.getMessage());
        }
        assertEquals(List.of(), pmem.commands);
    }

    @Test
    public void unknownState() {
        withModules();
        for (boolean reset : new boolean[] {false, true}) {
            provider.inventory().setCachedScan(new ScmScan(ScmRegionState.UNKNOWN, List.of(MOD_1), List.of()));
            assertEquals("unknown scm state", failure(() -> provider.prepare(reset)).getMessage());
        }
        assertEquals(List.of(), pmem.commands);
    }

    // ---- reset

    @Test
    public void resetFromNoCapacityUnmountsFirst() throws Exception {
        withModules();
        scm.deviceNodes.put("/dev/pmem0", 259L * 256);
        scm.mounts.put("/mnt/daos", "259:0");
        List<Boolean> mountedAtDisable = new ArrayList<>();
        pmem = new FakePmemBackend() {
            @Override
            public String run(List<String> argv, long timeoutSeconds) throws IOException {
                if (argv.get(1).equals("disable-namespace")) {
                    mountedAtDisable.add(scm.mounts.containsKey("/mnt/daos"));
                }
                return super.run(argv, timeoutSeconds);
            }
        };
        pmem.modules.addAll(List.of(MOD_1, MOD_2));
        provider = new ScmProviderImpl(scm, pmem);
        pmem.on(LIST, jsonArray(NS_0, NS_1)).on(SHOW, NO_CAP, NO_REGIONS)
                .on("ndctl disable-namespace namespace0.0", "").on("ndctl destroy-namespace namespace0.0", "")
                .on("ndctl disable-namespace namespace1.0", "").on("ndctl destroy-namespace namespace1.0", "")
                .on(DELETE_GOAL, "").on(CREATE_MEMORYMODE, "");
        assertTrue(provider.isMounted("/dev/pmem0"));

        ScmPrepareResult r = provider.prepare(true);

        assertEquals(new ScmPrepareResult(ScmRegionState.NO_REGIONS, true, List.of()), r);
        assertEquals(List.of("unmount /mnt/daos 0"), scm.calls);
        assertEquals(List.of(false, false), mountedAtDisable);
        assertFalse(provider.isMounted("/dev/pmem0"));
        assertEquals(List.of(LIST, SHOW, LIST,
                "ndctl disable-namespace namespace0.0", "ndctl destroy-namespace namespace0.0",
                "ndctl disable-namespace namespace1.0", "ndctl destroy-namespace namespace1.0",
                DELETE_GOAL, CREATE_MEMORYMODE, SHOW), pmem.commands);
        assertEquals(List.of("removing SCM namespace \"namespace0.0\", may take a few minutes...",
                "removing SCM namespace \"namespace1.0\", may take a few minutes...",
                "resetting SCM memory allocations"), infos);
    }

    @Test
    public void resetFromFreeCapacityWithoutMounts() throws Exception {
        withModules();
        pmem.on(LIST, json(NS_0)).on(SHOW, FREE, NO_REGIONS)
                .on("ndctl disable-namespace namespace0.0", "").on("ndctl destroy-namespace namespace0.0", "")
                .on(DELETE_GOAL, "").on(CREATE_MEMORYMODE, "");
        ScmPrepareResult r = provider.prepare(true);
        assertTrue(r.rebootRequired());
        assertEquals(ScmRegionState.NO_REGIONS, r.state());
        assertEquals(List.of(), scm.calls);
        assertEquals(List.of(LIST, SHOW, LIST, "ndctl disable-namespace namespace0.0",
                "ndctl destroy-namespace namespace0.0", DELETE_GOAL, CREATE_MEMORYMODE, SHOW), pmem.commands);
    }

    @Test
    public void resetFromNoRegionsIsAlreadyReset() throws Exception {
        withModules();
        pmem.on(LIST, "").on(SHOW, NO_REGIONS);
        ScmPrepareResult r = provider.prepare(true);
        assertEquals(new ScmPrepareResult(ScmRegionState.NO_REGIONS, false, List.of()), r);
        assertEquals(List.of("SCM is already reset"), infos);
        assertEquals(List.of(LIST, SHOW, SHOW), pmem.commands);
    }

    @Test
    public void unmountFailureAbortsTheReset() {
        withModules();
        scm.deviceNodes.put("/dev/pmem0", 259L * 256);
        scm.mounts.put("/mnt/daos", "259:0");
        scm.unmountError = new IOException("device or resource busy");
        pmem.on(LIST, json(NS_0)).on(SHOW, NO_CAP);
        assertEquals("failed to unmount /dev/pmem0 from /mnt/daos: device or resource busy",
                failure(() -> provider.prepare(true)).getMessage());
        assertEquals(List.of(LIST, SHOW), pmem.commands);
    }

    @Test
    public void resetCommandFailures() {
        withModules();
        pmem.on(LIST, json(NS_0)).on(SHOW, NO_CAP)
                .on("ndctl disable-namespace namespace0.0", new IOException("exit status 1: stdout: ; stderr: busy"));
        assertEquals("disable namespace cmd: exit status 1: stdout: ; stderr: busy",
                failure(() -> provider.prepare(true)).getMessage());

        setUp();
        withModules();
        pmem.on(LIST, "").on(SHOW, NO_CAP).on(DELETE_GOAL, new IOException("exit status 3: stdout: ; stderr: "));
        assertEquals("clear goal: exit status 3: stdout: ; stderr: ", failure(() -> provider.prepare(true)).getMessage());

        setUp();
        withModules();
        pmem.on(LIST, "").on(SHOW, NO_CAP).on(DELETE_GOAL, "")
                .on(CREATE_MEMORYMODE, new IOException("exit status 4: stdout: ; stderr: "));
        assertEquals("create goal: exit status 4: stdout: ; stderr: ", failure(() -> provider.prepare(true)).getMessage());
    }

    // ---- cache and prepare

    @Test
    public void prepareUsesTheCachedScanAndDropsIt() throws Exception {
        withModules();
        pmem.on(LIST, "").on(SHOW, NO_CAP);
        ScmScan first = provider.scan();
        provider.prepare(false);
        // no second scan at the start of prepare: list (scan), show (scan), list (NoCapacity), show (re-read)
        assertEquals(List.of(LIST, SHOW, LIST, SHOW), pmem.commands);
        assertEquals(1, pmem.discoveries);
        ScmScan second = provider.scan();
        assertNotSame(first, second);
        assertEquals(2, pmem.discoveries);
        assertEquals(List.of(LIST, SHOW, LIST, SHOW, LIST, SHOW), pmem.commands);
    }

    @Test
    public void aFailedPrepareDropsTheCacheToo() throws Exception {
        withModules();
        pmem.on(LIST, "").on(SHOW, NO_REGIONS).on(DELETE_GOAL, new IOException("exit status 1: stdout: ; stderr: "));
        ScmScan first = provider.scan();
        failure(() -> provider.prepare(false));
        assertNotSame(first, provider.scan());
        assertEquals(2, pmem.discoveries);
    }
}
