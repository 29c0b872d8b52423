package io.daos.control.storage.nvme.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.storage.BdevPrepareRequest;
import io.daos.control.api.storage.HugepageInfo;
import io.daos.control.api.storage.StorageException;

/**
 * NVMe prepare (SPEC-SERVER §2.4, §4.7, §8.5): root check, the setup-script path with a fake
 * script recording its arguments and environment, and the native path without a script over fake
 * sysfs and temp hugepage files (this machine's real hugepage count is never written).
 */
public class NvmePreparerTest {

    private static final String PATH = "/usr/local/bin:/usr/bin:/bin:/usr/sbin";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private FakeSysfs fs;
    private Path dir;
    private Path log;
    private Path meminfo;
    private Path nrHugepages;
    private Path hugepageMount;
    private int euid;
    private final Map<String, String> variables = new HashMap<>();
    private List<Path> scripts;
    private Duration timeout = Duration.ofSeconds(60);
    private final List<String> logged = new ArrayList<>();
    private final Logger jul = Logger.getLogger(NvmePreparer.class.getName());
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r.getLevel() + " " + r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Before
    public void setUp() throws Exception {
        dir = tmp.newFolder("work").toPath();
        fs = new FakeSysfs(tmp.newFolder("root").toPath());
        log = dir.resolve("script.log");
        meminfo = dir.resolve("meminfo");
        nrHugepages = dir.resolve("nr_hugepages");
        hugepageMount = Files.createDirectory(dir.resolve("hugepages"));
        Files.writeString(meminfo, meminfo(0, 0));
        Files.writeString(nrHugepages, "0\n");
        scripts = List.of(dir.resolve("share/daos/control/setup_spdk.sh"), dir.resolve("share/spdk/scripts/setup.sh"));
        jul.addHandler(handler);
    }

    @After
    public void tearDown() {
        jul.removeHandler(handler);
    }

    private static String meminfo(long total, long free) {
        return "MemTotal:        4012345 kB\nHugePages_Total:   " + total + "\nHugePages_Free:    " + free
                + "\nHugePages_Rsvd:        0\nHugePages_Surp:        0\nHugepagesize:       2048 kB\n"
                + "Hugetlb:               0 kB\n";
    }

    private NvmePreparer preparer() {
        SysfsScanner scanner = new SysfsScanner(fs.sys(), fs.mountinfo(), HealthReader.NONE);
        return new NvmePreparer(new NvmePreparer.Settings(() -> euid, variables::get, scripts, PATH, timeout, meminfo,
                nrHugepages, hugepageMount, scanner));
    }

    /** A script at {@code p} that logs its arguments and initial environment, then behaves as given. */
    private Path script(Path p, String body) throws Exception {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "#!/bin/bash\n"
                + "{ echo \"ARGS:$*\"; tr '\\0' '\\n' < /proc/$$/environ | sed 's/^/ENV:/'; } >> '" + log + "'\n"
                + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private Path daosScript(String body) throws Exception {
        return script(scripts.get(0), body);
    }

    /** The log as runs: each "ARGS:…" line followed by the set of its ENV entries. */
    private List<String> runs() throws Exception {
        List<String> runs = new ArrayList<>();
        if (!Files.exists(log)) {
            return runs;
        }
        for (String l : Files.readAllLines(log)) {
            if (l.startsWith("ARGS:")) {
                runs.add(l.substring(5));
            }
        }
        return runs;
    }

    private List<Set<String>> envs() throws Exception {
        List<Set<String>> envs = new ArrayList<>();
        for (String l : Files.readAllLines(log)) {
            if (l.startsWith("ARGS:")) {
                envs.add(new java.util.TreeSet<>());
            } else if (l.startsWith("ENV:")) {
                envs.get(envs.size() - 1).add(l.substring(4));
            }
        }
        return envs;
    }

    private static BdevPrepareRequest req(int pages, String allow, String block, String user, boolean reset) {
        return new BdevPrepareRequest(pages, allow, block, user, reset);
    }

    private String fails(BdevPrepareRequest r) {
        try {
            preparer().prepare(r);
        } catch (StorageException e) {
            return e.getMessage();
        }
        throw new AssertionError("prepare succeeded");
    }

    // ------------------------------------------------------------------ root

    @Test
    public void mustBeRoot() throws Exception {
        euid = 1000;
        daosScript("exit 0");
        assertEquals("must be run with root privileges", fails(req(0, "", "", "", false)));
        assertEquals("must be run with root privileges", fails(req(0, "", "", "", true)));
        assertEquals(List.of(), runs());
    }

    // ------------------------------------------------------------------ script

    @Test
    public void resetOnlyRunsOnlyResetWithAnEmptyEnvironment() throws Exception {
        daosScript("exit 0");
        preparer().prepare(req(0, "", "", "", true));
        assertEquals(List.of("reset"), runs());
        assertEquals(List.of(Set.of()), envs());
    }

    @Test
    public void prepareRunsResetThenSetupWithTheDefaultEnvironment() throws Exception {
        daosScript("exit 0");
        preparer().prepare(req(0, "", "", "", false));
        assertEquals(List.of("reset", ""), runs());
        assertEquals(List.of(Set.of(), Set.of("PATH=" + PATH, "_NRHUGE=4096", "_TARGET_USER=")), envs());
    }

    @Test
    public void prepareWithUserValues() throws Exception {
        daosScript("exit 0");
        preparer().prepare(req(42, "a,b,c", "0000:01:00.0", "amos", false));
        assertEquals(Set.of("PATH=" + PATH, "_NRHUGE=42", "_TARGET_USER=amos", "_PCI_WHITELIST=a,b,c",
                "_PCI_BLACKLIST=0000:01:00.0"), envs().get(1));
    }

    @Test
    public void setupEnvironmentOrder() {
        assertEquals(List.of("PATH=" + PATH, "_NRHUGE=4096", "_TARGET_USER="),
                NvmePreparer.setupEnv(false, PATH, req(0, "", "", "", false)));
        assertEquals(List.of("PATH=" + PATH, "_NRHUGE=42", "_TARGET_USER=amos", "_PCI_WHITELIST=a,b,c"),
                NvmePreparer.setupEnv(false, PATH, req(42, "a,b,c", "", "amos", false)));
        assertEquals(List.of("PATH=" + PATH, "_NRHUGE=4096", "_TARGET_USER=", "_PCI_BLACKLIST=x y"),
                NvmePreparer.setupEnv(false, PATH, req(-1, "", "x y", "", false)));
        assertEquals(List.of("PATH=" + PATH, "NRHUGE=42", "TARGET_USER=amos", "PCI_WHITELIST=a b c",
                "PCI_ALLOWED=a b c", "PCI_BLACKLIST=d", "PCI_BLOCKED=d"),
                NvmePreparer.setupEnv(true, PATH, req(42, "a,b, c", "D", "amos", false)));
    }

    @Test
    public void resetFailure() throws Exception {
        daosScript("if [ \"$1\" = reset ]; then echo resetting; echo 'no such device' >&2; exit 3; fi");
        assertEquals("SPDK setup reset: spdk reset failed (resetting\n): exit status 3: stdout: resetting\n"
                + "; stderr: no such device\n", fails(req(0, "", "", "", false)));
        assertEquals(List.of("reset"), runs());
    }

    @Test
    public void setupFailure() throws Exception {
        daosScript("if [ \"$1\" != reset ]; then echo binding; echo 'vfio: not loaded' >&2; exit 1; fi");
        assertEquals("SPDK prepare: spdk setup failed (binding\n): exit status 1: stdout: binding\n"
                + "; stderr: vfio: not loaded\n", fails(req(0, "", "", "", false)));
        assertEquals(List.of("reset", ""), runs());
    }

    @Test
    public void scriptTimeoutKillsIt() throws Exception {
        timeout = Duration.ofSeconds(2);
        Path printed = dir.resolve("printed");
        daosScript("echo started; touch '" + printed + "'; sleep 60");
        long t0 = System.nanoTime();
        String m = fails(req(0, "", "", "", true));
        assertTrue("killed, not waited for", System.nanoTime() - t0 < 30_000_000_000L);
        // what the script printed before the kill: "started" for sure once it went on to the touch;
        // on a machine too busy for it to get that far in 2 s, perhaps nothing, but the same twice
        String out = Files.exists(printed) || m.contains("(started\n)") ? "started\n" : "";
        assertEquals("SPDK setup reset: spdk reset failed (" + out + "): timed out after 2s: stdout: " + out
                + "; stderr: ", m);
    }

    @Test
    public void firstInstalledScriptInOrder() throws Exception {
        script(scripts.get(1), "exit 0");
        assertEquals(scripts.get(1), preparer().findScript(""));
        daosScript("exit 0");
        assertEquals(scripts.get(0), preparer().findScript(""));
        Path nonExec = dir.resolve("share/other.sh");
        Files.writeString(nonExec, "#!/bin/bash\n");
        scripts = List.of(nonExec);
        assertNull("not executable: not installed", preparer().findScript(""));
    }

    @Test
    public void daosSpdkSetupVariableWins() throws Exception {
        daosScript("exit 0");
        Path mine = script(dir.resolve("mine/setup_spdk.sh"), "echo mine >> '" + log + "'");
        variables.put("DAOS_SPDK_SETUP", mine.toString());
        preparer().prepare(req(0, "", "", "", true));
        assertEquals(List.of("reset"), runs());
        assertTrue(Files.readString(log).contains("mine\n"));
        variables.put("DAOS_SPDK_SETUP", dir.resolve("missing.sh").toString());
        assertEquals("SPDK prepare: DAOS_SPDK_SETUP names " + dir.resolve("missing.sh")
                + ", which is not an executable file", fails(req(0, "", "", "", false)));
    }

    @Test
    public void spdkOwnSetupScriptGetsItsVariablesAndTheHugepageChown() throws Exception {
        Assume.assumeTrue("needs root (chown of the hugepage mount to the target user): run the build as root",
                "root".equals(System.getProperty("user.name")));
        script(scripts.get(1), "exit 0");
        preparer().prepare(req(8, "0000:81:00.0,0000:82:00.0", "", "nobody", false));
        assertEquals(Set.of("PATH=" + PATH, "NRHUGE=8", "TARGET_USER=nobody",
                "PCI_WHITELIST=0000:81:00.0 0000:82:00.0", "PCI_ALLOWED=0000:81:00.0 0000:82:00.0"), envs().get(1));
        assertEquals("nobody", Files.getOwner(hugepageMount).getName());
    }

    // ------------------------------------------------------------------ no script

    @Test
    public void noScriptNothingToBindSetsHugepages() throws Exception {
        preparer().prepare(req(0, "", "", "", false));
        assertEquals("4096\n", Files.readString(nrHugepages));
        // the kernel (our fake meminfo) still says 0: only a warning, the start-up check reports 646
        assertTrue(logged.toString(), logged.stream().anyMatch(l -> l.startsWith("WARNING hugepages: requested 4096")));
    }

    @Test
    public void hugepagesNeverShrunk() throws Exception {
        Files.writeString(meminfo, meminfo(8192, 100));
        Files.writeString(nrHugepages, "8192\n");
        preparer().prepare(req(1024, "", "", "", false));
        assertEquals("8192\n", Files.readString(nrHugepages));
    }

    @Test
    public void unparsableMeminfo() throws Exception {
        Files.writeString(meminfo, "HugePages_Total: 0\nHugepagesize: blerble 1 GB\n");
        assertEquals("SPDK prepare: unable to read system hugepage info: unable to parse \"blerble 1 GB\"",
                fails(req(0, "", "", "", false)));
        Files.writeString(meminfo, "Hugepagesize: 1 GB\n");
        assertEquals("SPDK prepare: unable to read system hugepage info: unhandled page size unit \"GB\"",
                fails(req(0, "", "", "", false)));
    }

    @Test
    public void hugepageInfoReadsMeminfoAndNamesItsFailures() throws Exception {
        Files.writeString(meminfo, meminfo(1024, 1023));
        assertEquals(2046, preparer().hugepageInfo().freeMb());
        Files.writeString(meminfo, "Hugepagesize: 1 GB\n");
        try {
            preparer().hugepageInfo();
            fail("parsed a GB page size");
        } catch (StorageException e) {
            assertEquals("unable to read system hugepage info: unhandled page size unit \"GB\"", e.getMessage());
        }
        Files.delete(meminfo);
        try {
            preparer().hugepageInfo();
            fail("read a missing meminfo");
        } catch (StorageException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("unable to read system hugepage info: "));
        }
    }

    @Test
    public void noScriptTargetUser() throws Exception {
        Assume.assumeTrue("needs root (chown of the hugepage mount to the target user): run the build as root",
                "root".equals(System.getProperty("user.name")));
        preparer().prepare(req(2, "", "", "nobody", false));
        assertEquals("nobody", Files.getOwner(hugepageMount).getName());
        assertEquals("SPDK prepare: unknown target user \"no-such-user-x\"", fails(req(2, "", "", "no-such-user-x",
                false)));
        Files.delete(hugepageMount);
        preparer().prepare(req(2, "", "", "nobody", false));
        assertTrue(logged.toString(), logged.stream().anyMatch(l -> l.startsWith("WARNING hugepages: "
                + hugepageMount + " does not exist")));
        assertEquals("SPDK prepare: unknown target user \"no-such-user-x\"", fails(req(2, "", "", "no-such-user-x",
                false)));
    }

    // ------------------------------------------------------------------ issue 10: checked again here

    @Test
    public void defect1AMegabyteTargetUserIsRefusedBeforeAnyLookupOrScript() throws Exception {
        daosScript("exit 0");
        String huge = "u".repeat(1 << 20);
        for (boolean reset : new boolean[] {false, true}) {
            String m = fails(req(2, "", "", huge, reset));
            assertTrue(m, m.startsWith("SPDK prepare: invalid target user \"uuuu"));
            assertTrue(m, m.endsWith("... (1048576 characters): not a POSIX user name"));
            assertTrue(m, m.length() < 200);
        }
        assertEquals("SPDK prepare: invalid target user \"root;id\": not a POSIX user name",
                fails(req(2, "", "", "root;id", false)));
        assertTrue("no script ran", runs().isEmpty());
        assertEquals("0\n", Files.readString(nrHugepages));
        try {
            preparer().chownHugepages(huge);
            fail("looked up a megabyte user name");
        } catch (StorageException e) {
            assertTrue(e.getMessage(), e.getMessage().length() < 200);
        }
    }

    @Test
    public void defect8HugepagesAreBoundedByTheHostsMemory() throws Exception {
        long max = 4012345 / 2048; // meminfo(): MemTotal over Hugepagesize
        for (int pages : new int[] {(int) max + 1, Integer.MAX_VALUE}) {
            assertEquals("SPDK prepare: requested " + pages + " hugepages of 2048 kB, more than the host's memory "
                    + "holds (" + max + ")", fails(req(pages, "", "", "", false)));
        }
        assertEquals("nothing written", "0\n", Files.readString(nrHugepages));
        preparer().prepare(req((int) max, "", "", "", false));
        assertEquals(max + "\n", Files.readString(nrHugepages));
        // a reset allocates nothing: its count is not looked at
        preparer().prepare(req(Integer.MAX_VALUE, "", "", "", true));
        // unknown memory size: no bound to apply (the kernel allocates what it can)
        Files.writeString(meminfo, "HugePages_Total: 0\nHugepagesize: 2048 kB\n");
        preparer().prepare(req((int) max + 1, "", "", "", false));
        assertEquals((max + 1) + "\n", Files.readString(nrHugepages));
    }

    @Test
    public void noScriptKernelBoundControllerIsAClearError() throws Exception {
        fs.nvme("0000:81:00.0", 1).kernel(0, "m", "s", "f").namespace("nvme0n1", 100, "259:0");
        fs.nvme("0000:82:00.0", 1).driver("vfio-pci");
        String m = fails(req(0, "", "", "", false));
        assertEquals("SPDK prepare: SPDK setup script not found (looked in DAOS_SPDK_SETUP, " + scripts.get(0) + ", "
                + scripts.get(1) + "): install SPDK or set DAOS_SPDK_SETUP to bind NVMe SSD "
                + "0000:81:00.0 (nvme) to vfio-pci", m);
        assertEquals("hugepages are still set", "4096\n", Files.readString(nrHugepages));
    }

    @Test
    public void noScriptSeveralToBindNamedInOrder() throws Exception {
        fs.nvme("0000:82:00.0", 1);
        fs.nvme("0000:81:00.0", 1).kernel(0, "m", "s", "f");
        String m = fails(req(0, "", "", "", false));
        assertTrue(m, m.endsWith("bind NVMe SSDs 0000:81:00.0 (nvme), 0000:82:00.0 (no driver) to vfio-pci"));
    }

    @Test
    public void noScriptBlacklistedAndInUseAreSkipped() throws Exception {
        fs.nvme("0000:81:00.0", 1).kernel(0, "m", "s", "f");
        FakeSysfs.Ctrl used = fs.nvme("0000:82:00.0", 1).kernel(1, "m", "s", "f");
        used.partition(used.namespace("nvme1n1", 100, "259:0"), "nvme1n1p1", "259:1");
        fs.mount("259:1", "/home");
        fs.nvme("0000:83:00.0", 1).driver("vfio-pci");
        preparer().prepare(req(0, "", "0000:81:00.0", "", false));
        assertTrue(logged.toString(), logged.contains("INFO skipping NVMe SSD 0000:82:00.0: in use (mounted at /home)"));
    }

    @Test
    public void noScriptWhitelistLimitsTheBinding() throws Exception {
        fs.nvme("0000:81:00.0", 1).kernel(0, "m", "s", "f");
        fs.nvme("0000:83:00.0", 1).driver("vfio-pci");
        preparer().prepare(req(0, "0000:83:00.0", "", "", false));
        String m = fails(req(0, "0000:83:00.0 0000:81:00.0", "", "", false));
        assertTrue(m, m.endsWith("bind NVMe SSD 0000:81:00.0 (nvme) to vfio-pci"));
    }

    @Test
    public void noScriptResetOnly() throws Exception {
        fs.nvme("0000:81:00.0", 1).kernel(0, "m", "s", "f");
        preparer().prepare(req(0, "", "", "", true));
        assertEquals("reset touches no hugepages", "0\n", Files.readString(nrHugepages));
        fs.nvme("0000:83:00.0", 1).driver("uio_pci_generic");
        String m = fails(req(0, "", "", "", true));
        assertTrue(m, m.startsWith("SPDK setup reset: SPDK setup script not found (looked in DAOS_SPDK_SETUP, "));
        assertTrue(m, m.endsWith("to return NVMe SSD 0000:83:00.0 (uio_pci_generic) to the kernel nvme driver"));
    }

    // ------------------------------------------------------------------ this machine, read only

    @Test
    public void realHostReadOnly() throws Exception {
        Assume.assumeTrue("no readable /proc/meminfo (needs a Linux host with procfs)",
                Files.isReadable(Path.of("/proc/meminfo")));
        HugepageInfo h = HugepageInfo.parse(Files.readString(Path.of("/proc/meminfo")));
        assertTrue(h.pageSizeKb() > 0);
        NvmePreparer real = new NvmePreparer(NvmePreparer.Settings.system(BdevProviderImpl.systemScanner()));
        Assume.assumeTrue("SPDK's setup script is installed here or DAOS_SPDK_SETUP is set; the no-script check "
                + "needs a host without them", System.getenv("DAOS_SPDK_SETUP") == null
                && NvmePreparer.DEFAULT_SCRIPTS.stream().noneMatch(Files::exists));
        assertNull(real.findScript(""));
        assertFalse(NvmePreparer.Settings.system(null).path().isEmpty());
    }
}
