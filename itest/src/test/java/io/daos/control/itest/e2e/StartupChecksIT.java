package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.Assume;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.itest.support.TestFiles;

/**
 * The start-up storage checks of {@code daos_server start} (SPEC-SERVER §3.2 steps 5 and 7, §3.3)
 * on the assembled distribution. The SPDK setup script is a stub named by {@code DAOS_SPDK_SETUP}
 * that records its runs (a real prepare would reserve 8 GiB of hugepages on this host).
 */
public class StartupChecksIT {

    private static final long EXIT_MS = 60_000;
    private static final String ABSENT = "0000:81:00.0";

    @ClassRule
    public static final DistRule DIST = new DistRule("e2e-startup-checks");

    @Rule
    public final WorkRule work = new WorkRule(DIST, "e2e-work");

    private Path stubLog;
    private Map<String, String> env;
    private ServerProcess server;

    @Before
    public void setUp() throws Exception {
        stubLog = work.resolve("setup.log");
        Path stub = work.resolve("setup_spdk.sh");
        Files.writeString(stub, "#!/bin/sh\necho \"args=[$*] _NRHUGE=$_NRHUGE _TARGET_USER=$_TARGET_USER"
                + " _PCI_WHITELIST=$_PCI_WHITELIST\" >> " + stubLog + "\n");
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        env = Map.of("DAOS_SPDK_SETUP", stub.toString());
    }

    /** A server entry with an NVMe SSD in place of the default file bdev. */
    private Path nvmeConfig(int port) throws Exception {
        Path cfg = TestFiles.writeConfig(work.dir(), port, "");
        String yml = Files.readString(cfg);
        int at = yml.indexOf("  bdev_class: file\n");
        Files.writeString(cfg, yml.substring(0, at) + "  bdev_class: nvme\n  bdev_list: [\"" + ABSENT + "\"]\n");
        return cfg;
    }

    private List<String> errorLines() {
        return server.err().stream().filter(l -> l.startsWith("ERROR: ")).toList();
    }

    /** Any process still running from this distribution copy (daos_server, daos_io_server). */
    private static List<String> processesOfTheCopy() {
        String home = DIST.dist().home.toString();
        return ProcessHandle.allProcesses().map(h -> h.info().commandLine().orElse(""))
                .filter(c -> c.contains(home)).toList();
    }

    /**
     * A configured NVMe SSD that is not on the host is fatal before the control port listens
     * (§3.2 step 7, fault 637): daos_server says which and exits 1. The automatic prepare ran
     * before (nvme class), with the default hugepage count (nr_hugepages unset) for this user.
     */
    @Test
    public void missingNvmeSsdIsFatal637() throws Exception {
        Assume.assumeFalse("this host has a PCI device at " + ABSENT + ": the missing-SSD case needs that address free",
                Files.exists(Path.of("/sys/bus/pci/devices/" + ABSENT)));
        Assume.assumeTrue("needs root (as another user without an IOMMU the check stops at fault 643 first): "
                + "run the build as root",
                "root".equals(System.getProperty("user.name")));
        server = work.start(env, "start", "-o", nvmeConfig(TestFiles.freePort()).toString());
        assertEquals(server.err().toString(), 1, server.awaitExit(EXIT_MS));
        assertEquals(List.of(
                "ERROR: setup control service: server: code = 637 description = \"NVMe SSD [" + ABSENT + "] not found\"",
                "ERROR: server: code = 637 resolution = \"check SSD [" + ABSENT
                        + "] that are specified in server config exist\""), errorLines());
        assertTrue(server.out().toString(), server.out().stream().noneMatch(l -> l.contains("listening on")));
        assertEquals(List.of("args=[reset] _NRHUGE= _TARGET_USER= _PCI_WHITELIST=",
                "args=[] _NRHUGE=4096 _TARGET_USER=root _PCI_WHITELIST=" + ABSENT), Files.readAllLines(stubLog));
        assertEquals(List.of(), processesOfTheCopy());
    }

    /**
     * Emulated devices only (file class): no automatic NVMe prepare (the reference would run the
     * setup script on every start), the server starts and says why in its log.
     */
    @Test
    public void fileBdevsStartWithoutThePrepare() throws Exception {
        int port = TestFiles.freePort();
        server = work.start(env, "start", "-o", TestFiles.writeConfig(work.dir(), port, "").toString());
        assertEquals(port, server.awaitListening(EXIT_MS));
        server.awaitErr(l -> l.contains("SCM format required on instance 0"), EXIT_MS);
        server.terminate();
        assertEquals(0, server.awaitExit(EXIT_MS));
        assertFalse(server.leftovers());
        assertFalse("the setup script ran", Files.exists(stubLog));
        String log = Files.readString(DIST.dist().home.resolve("log/daos_server.log"));
        assertTrue(log, log.contains("automatic NVMe prepare skipped: no server uses NVMe SSDs"));
    }
}
