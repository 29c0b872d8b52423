package io.daos.control.launcher.inventory;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;

import org.junit.Test;

import io.daos.control.api.storage.BdevPrepareRequest;
import io.daos.control.api.storage.FakeBdevProvider;
import io.daos.control.api.storage.FakeScmProvider;
import io.daos.control.api.storage.ScmPrepareResult;
import io.daos.control.api.storage.ScmRegionState;
import io.daos.control.api.storage.ScmScan;
import io.daos.control.api.storage.StorageException;

/** {@code storage prepare}: every case of SPEC-SERVER §8.3 and the steps of §2.4. */
public class StoragePrepareCommandTest {

    private static final String WARNING = StoragePrepareCommand.WARNING + "\n";
    private static final String PROMPT = "Are you sure you want to continue? (yes/no)\n";
    private static final String REBOOT = "A reboot is required to process new memory allocation goals.\n";

    private final Console c = new Console();
    private final FakeBdevProvider bdev = new FakeBdevProvider();
    private final FakeScmProvider scm = new FakeScmProvider();

    private static StoragePrepareCommand.Options opts(String... flags) {
        List<String> f = List.of(flags);
        return new StoragePrepareCommand.Options(f.contains("-n"), f.contains("-s"), f.contains("--reset"),
                f.contains("-f"), null, null, null);
    }

    private int run(StoragePrepareCommand.Options o, String stdin) {
        return new StoragePrepareCommand(scm, bdev, o, new BufferedReader(new StringReader(stdin)), c.log).run();
    }

    private int run(String... flags) {
        return run(opts(flags), "");
    }

    private void modules(ScmRegionState state, boolean namespaces) {
        scm.scanResult = new ScmScan(state, StorageScanCommandTest.MODULES,
                namespaces ? StorageScanCommandTest.NAMESPACES : List.of());
    }

    @Test
    public void noDevicesDefault() {
        assertEquals(0, run());
        assertEquals("Preparing locally-attached NVMe storage...\nNo SCM modules detected; skipping operation\n",
                c.out());
        assertEquals("", c.err());
        assertEquals(List.of(new BdevPrepareRequest(0, "", "", "", false)), bdev.prepared);
        assertEquals(4096, bdev.prepared.get(0).effectiveHugePages());
        assertEquals(List.of("scan"), scm.calls);
    }

    @Test
    public void noDevicesNvmeOnlyStillScansScmButSaysNothingAboutIt() {
        assertEquals(0, run("-n"));
        assertEquals("Preparing locally-attached NVMe storage...\n", c.out());
        assertEquals(1, bdev.prepared.size());
        assertEquals(List.of("scan"), scm.calls);
    }

    @Test
    public void noDevicesScmOnly() {
        assertEquals(0, run("-s"));
        assertEquals("No SCM modules detected; skipping operation\n", c.out());
        assertEquals(List.of(), bdev.prepared);
    }

    @Test
    public void nvmeOnlyAndScmOnlyTogether() {
        assertEquals(1, run("-n", "-s"));
        assertEquals("", c.out());
        assertEquals("ERROR: nvme-only and scm-only options should not be set together\n", c.err());
        assertEquals(List.of(), bdev.prepared);
        assertEquals(List.of(), scm.calls);
    }

    @Test
    public void preparedScmNeedsNoConsent() {
        modules(ScmRegionState.NO_CAPACITY, true);
        scm.prepareResult = new ScmPrepareResult(ScmRegionState.NO_CAPACITY, false, StorageScanCommandTest.NAMESPACES);
        assertEquals(0, run("-s"));
        assertEquals("Preparing locally-attached SCM...\n"
                + "SCM namespaces:\n\tDevice:pmem0 Socket:0 Capacity:1.5 TB\n\tDevice:pmem1 Socket:1 Capacity:3.2 TB\n",
                c.out());
        assertEquals(List.of("scan", "prepare reset=false"), scm.calls);
    }

    @Test
    public void noRegionsPromptsAndEofIsNoConsent() {
        modules(ScmRegionState.NO_REGIONS, false);
        assertEquals(1, run(opts(), ""));
        assertEquals("Preparing locally-attached NVMe storage...\nPreparing locally-attached SCM...\n" + WARNING
                + PROMPT, c.out());
        assertEquals("ERROR: Error reading input: EOF\nERROR: scan error(s):\n  consent not given\n", c.err());
        assertEquals(List.of("scan"), scm.calls);
    }

    @Test
    public void noRegionsWithForceSetsTheGoalAndAsksForAReboot() {
        modules(ScmRegionState.NO_REGIONS, false);
        scm.prepareResult = new ScmPrepareResult(ScmRegionState.NO_REGIONS, true, List.of());
        assertEquals(0, run("-s", "-f"));
        assertEquals("Preparing locally-attached SCM...\n" + WARNING + REBOOT, c.out());
        assertEquals(List.of("scan", "prepare reset=false"), scm.calls);
    }

    @Test
    public void freeCapacityCreatesNamespacesWithoutAsking() {
        modules(ScmRegionState.FREE_CAPACITY, false);
        scm.prepareResult = new ScmPrepareResult(ScmRegionState.NO_CAPACITY, false,
                StorageScanCommandTest.NAMESPACES.subList(1, 2));
        assertEquals(0, run("-s"));
        assertEquals("Preparing locally-attached SCM...\nSCM namespaces:\n\tDevice:pmem0 Socket:0 Capacity:1.5 TB\n",
                c.out());
    }

    @Test
    public void nothingCreatedNoNamespaces() {
        modules(ScmRegionState.FREE_CAPACITY, false);
        scm.prepareResult = new ScmPrepareResult(ScmRegionState.FREE_CAPACITY, false, List.of());
        assertEquals(0, run("-s"));
        assertTrue(c.out(), c.out().endsWith("no SCM namespaces\n"));
    }

    @Test
    public void resetOnNoCapacityWithoutForceIsNoConsent() {
        modules(ScmRegionState.NO_CAPACITY, true);
        assertEquals(1, run(opts("--reset"), ""));
        assertEquals("Resetting locally-attached NVMe storage...\nResetting locally-attached SCM...\n" + WARNING
                + PROMPT, c.out());
        assertTrue(c.err(), c.err().endsWith("ERROR: scan error(s):\n  consent not given\n"));
        assertTrue(bdev.prepared.get(0).resetOnly());
        assertEquals(List.of("scan"), scm.calls);
    }

    @Test
    public void resetOnFreeCapacityAnsweredYes() {
        modules(ScmRegionState.FREE_CAPACITY, true);
        scm.prepareResult = new ScmPrepareResult(ScmRegionState.NO_REGIONS, true, List.of());
        assertEquals(0, run(opts("-s", "--reset"), "yes\n"));
        assertEquals("Resetting locally-attached SCM...\n" + WARNING + PROMPT + REBOOT, c.out());
        assertEquals(List.of("scan", "prepare reset=true"), scm.calls);
    }

    @Test
    public void resetOnNoRegionsDoesNotAsk() {
        modules(ScmRegionState.NO_REGIONS, false);
        scm.prepareResult = new ScmPrepareResult(ScmRegionState.NO_REGIONS, false, List.of());
        assertEquals(0, run("-s", "--reset"));
        assertEquals("Resetting locally-attached SCM...\nno SCM namespaces\n", c.out());
    }

    @Test
    public void answerNo() {
        modules(ScmRegionState.NO_REGIONS, false);
        assertEquals(1, run(opts("-s"), "no\nyes\n"));
        assertEquals("Preparing locally-attached SCM...\n" + WARNING + PROMPT, c.out());
        assertEquals("ERROR: scan error(s):\n  consent not given\n", c.err());
        assertEquals(List.of("scan"), scm.calls);
    }

    @Test
    public void garbageAsksAgainUntilYes() {
        modules(ScmRegionState.NO_REGIONS, false);
        scm.prepareResult = new ScmPrepareResult(ScmRegionState.NO_REGIONS, true, List.of());
        assertEquals(0, run(opts("-s"), "maybe\n\n  yes  \n"));
        String retry = "Please type yes or no and then press enter:\n";
        assertEquals("Preparing locally-attached SCM...\n" + WARNING + PROMPT + retry + retry + REBOOT, c.out());
        assertEquals("", c.err());
    }

    @Test
    public void garbageThenEof() {
        modules(ScmRegionState.NO_REGIONS, false);
        assertEquals(1, run(opts("-s"), "YES\n"));
        assertTrue(c.out(), c.out().endsWith(PROMPT + "Please type yes or no and then press enter:\n"));
        assertEquals("ERROR: Error reading input: EOF\nERROR: scan error(s):\n  consent not given\n", c.err());
    }

    @Test
    public void unknownStateWithModules() {
        modules(ScmRegionState.UNKNOWN, false);
        assertEquals(1, run("-s"));
        assertEquals("ERROR: scan error(s):\n  unknown scm state\n", c.err());
        assertEquals(List.of("scan"), scm.calls);
    }

    @Test
    public void scmDiscoveryFailure() {
        scm.scanError = new StorageException("failed to discover SCM modules: nvm_get_number_of_dimms: rc=-5");
        assertEquals(1, run());
        assertEquals("Preparing locally-attached NVMe storage...\n", c.out());
        assertEquals("ERROR: scan error(s):\n  failed to discover SCM modules: nvm_get_number_of_dimms: rc=-5\n",
                c.err());
    }

    @Test
    public void scmPrepareFailure() {
        modules(ScmRegionState.NO_REGIONS, false);
        scm.prepareError = new StorageException("clear goal: ipmctl delete -goal: exit status 1");
        assertEquals(1, run("-f"));
        assertEquals("ERROR: scan error(s):\n  clear goal: ipmctl delete -goal: exit status 1\n", c.err());
    }

    @Test
    public void nvmePrepareFailureIsReportedAfterScm() {
        bdev.prepareError = new StorageException("SPDK prepare: spdk setup failed (): exit status 1");
        modules(ScmRegionState.NO_REGIONS, false);
        scm.prepareResult = new ScmPrepareResult(ScmRegionState.NO_REGIONS, true, List.of());
        assertEquals(1, run("-f"));
        assertEquals("Preparing locally-attached NVMe storage...\nPreparing locally-attached SCM...\n" + WARNING
                + REBOOT, c.out());
        assertEquals("ERROR: scan error(s):\n  SPDK prepare: spdk setup failed (): exit status 1\n", c.err());
    }

    @Test
    public void nvmeFailurePrecedesLaterErrors() {
        bdev.prepareError = new StorageException("must be run with root privileges");
        scm.scanError = new StorageException("scm: code = 1 description = \"ndctl utility not found\"");
        assertEquals(1, run());
        assertEquals("ERROR: scan error(s):\n  must be run with root privileges\n"
                + "  scm: code = 1 description = \"ndctl utility not found\"\n", c.err());
    }

    @Test
    public void nvmeRequestCarriesTheFlags() {
        StoragePrepareCommand.Options o = new StoragePrepareCommand.Options(true, false, false, false,
                "0000:81:00.0 0000:82:00.0", "512", "daos");
        assertEquals(0, run(o, ""));
        assertEquals(List.of(new BdevPrepareRequest(512, "0000:81:00.0 0000:82:00.0", "", "daos", false)),
                bdev.prepared);
    }

    @Test
    public void hugepagesParsing() {
        assertEquals(0, StoragePrepareCommand.hugepages(null));
        assertEquals(0, StoragePrepareCommand.hugepages(""));
        assertEquals(-3, StoragePrepareCommand.hugepages("-3"));
        assertEquals(4096, new BdevPrepareRequest(StoragePrepareCommand.hugepages("-3"), "", "", "", false)
                .effectiveHugePages());
        StoragePrepareCommand.Options o = new StoragePrepareCommand.Options(false, false, false, false, null, "lots",
                null);
        assertEquals(1, run(o, ""));
        assertEquals("ERROR: invalid argument for flag `-p, --hugepages' (expected int): strconv.ParseInt: parsing "
                + "\"lots\": invalid syntax\n", c.err());
        assertEquals(List.of(), bdev.prepared);
    }

    @Test
    public void missingProviders() {
        int rc = new StoragePrepareCommand(null, null, opts(), new BufferedReader(new StringReader("")), c.log).run();
        assertEquals(1, rc);
        assertTrue(c.err(), c.err().startsWith("ERROR: scan error(s):\n  no NVMe provider found"));
        assertTrue(c.err(), c.err().contains("\n  no SCM provider found"));
    }
}
