package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.Assume;
import org.junit.ClassRule;
import org.junit.Test;

import io.daos.control.itest.support.TestFiles;

/**
 * {@code bin/daos_server storage scan|prepare} and {@code network list|scan} end to end on a copy
 * of the assembled distribution (SPEC-SERVER §2.3–2.5): these commands run without OSGi, on the
 * jars of lib/inventory.classpath, through the real providers and native libraries of this host.
 * The exact "none" outputs need a host without NVMe and PMem (this VM; skipped elsewhere).
 */
public class StorageCliIT {

    private static final long EXIT_MS = 60_000;

    @ClassRule
    public static final DistRule DIST = new DistRule("e2e-storage-cli");

    /** Exit status, stdout, stderr of one command; stdin is closed at once (EOF). */
    private record Result(int rc, List<String> out, List<String> err) {
    }

    private static Result run(String... args) throws Exception {
        try (ServerProcess p = ServerProcess.start(DIST.dist(), args)) {
            p.process.getOutputStream().close();
            int rc = p.awaitExit(EXIT_MS);
            return new Result(rc, p.out(), p.err());
        }
    }

    /** NVMe controllers present in sysfs (PCI class 0x010802). */
    private static boolean hasNvme() throws IOException {
        Path pci = Path.of("/sys/bus/pci/devices");
        if (!Files.isDirectory(pci)) {
            return false;
        }
        try (Stream<Path> s = Files.list(pci)) {
            return s.anyMatch(d -> {
                try {
                    return Files.readString(d.resolve("class"), StandardCharsets.US_ASCII).strip().equals("0x010802");
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    /** Persistent memory (NFIT / pmem devices) visible to the kernel. */
    private static boolean hasPmem() throws IOException {
        if (Files.isDirectory(Path.of("/sys/bus/nd/devices"))) {
            try (Stream<Path> s = Files.list(Path.of("/sys/bus/nd/devices"))) {
                if (s.anyMatch(p -> p.getFileName().toString().startsWith("region"))) {
                    return true;
                }
            }
        }
        try (Stream<Path> s = Files.list(Path.of("/dev"))) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("pmem"));
        }
    }

    /** Whether the dynamic linker knows {@code soname} (ldconfig -p). */
    static boolean hasLibrary(String soname) throws Exception {
        Process p = new ProcessBuilder("ldconfig", "-p").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return text.contains(soname + " ");
    }

    @Test
    public void storageScanOnAHostWithoutNvmeAndPmem() throws Exception {
        Assume.assumeTrue("libipmctl.so.5 not installed (Debian libipmctl5): the SCM scan would fail",
                hasLibrary("libipmctl.so.5"));
        Assume.assumeFalse("this host has NVMe controllers: the exact 'none' output does not apply", hasNvme());
        Assume.assumeFalse("this host has persistent memory: the exact 'none' output does not apply", hasPmem());
        Result r = run("storage", "scan");
        assertEquals(r.toString(), 0, r.rc());
        assertEquals(r.toString(), List.of("Scanning locally-attached storage...",
                "NVMe controllers and namespaces:", "\t\tnone",
                "SCM Modules:", "\t\tnone"), r.out());
        assertEquals(r.toString(), List.of(), r.err());
    }

    @Test
    public void storageScanWithAConfigListsItsEmulatedDevices() throws Exception {
        Assume.assumeTrue("libipmctl.so.5 not installed (Debian libipmctl5)", hasLibrary("libipmctl.so.5"));
        Assume.assumeFalse("this host has NVMe controllers: they would be listed first", hasNvme());
        Assume.assumeFalse("this host has persistent memory: the SCM part would not be 'none'", hasPmem());
        Path yml = DIST.dist().home.resolve("etc/daos_server.yml");
        run("version"); // bin/daos_server writes the default config on first use
        Result r = run("-o", yml.toString(), "storage", "scan");
        assertEquals(r.toString(), 0, r.rc());
        // the embedded default: one file bdev of 4 GB per instance (not created yet)
        assertEquals(r.toString(), "NVMe controllers and namespaces:", r.out().get(1));
        for (int i = 0; i < 2; i++) {
            String line = r.out().get(2 + i);
            String head = "\t\tPCI:" + DIST.dist().home.resolve("data/bdev" + i + ".img")
                    + " Model:file FW: Socket:0 Capacity:";
            assertTrue(r.toString(), line.startsWith(head) && line.substring(head.length()).matches("4\\.0 GB"));
        }
        assertEquals(r.toString(), List.of("SCM Modules:", "\t\tnone"), r.out().subList(4, r.out().size()));
    }

    @Test
    public void storageScanVerboseStillWorks() throws Exception {
        Assume.assumeTrue("libipmctl.so.5 not installed (Debian libipmctl5)", hasLibrary("libipmctl.so.5"));
        Result r = run("storage", "scan", "-v");
        assertEquals(r.toString(), 0, r.rc());
        assertTrue(r.toString(), r.out().contains("NVMe controllers and namespaces:"));
        assertTrue(r.toString(), r.out().contains("SCM Modules:"));
        assertTrue(r.toString(), r.out().stream().anyMatch(l -> l.startsWith("SCM state: ")));
    }

    /** The default config (written by the first command) with its two ram servers at data/scm0 and data/scm1. */
    private static Path defaultConfig() throws Exception {
        Path yml = DIST.dist().home.resolve("etc/daos_server.yml");
        if (!Files.exists(yml)) {
            run("version");
        }
        return yml;
    }

    @Test
    public void storageScanVerboseWithAConfigShowsItsScmMountPointsNotMounted() throws Exception {
        Assume.assumeTrue("libipmctl.so.5 not installed (Debian libipmctl5)", hasLibrary("libipmctl.so.5"));
        Path yml = defaultConfig();
        Path data = DIST.dist().home.resolve("data");
        Result r = run("-o", yml.toString(), "storage", "scan", "-v");
        assertEquals(r.toString(), 0, r.rc());
        List<String> out = r.out();
        assertEquals(r.toString(), List.of("SCM mount points:",
                "\t\tMount:" + data.resolve("scm0") + " Class:ram Mounted:false",
                "\t\tMount:" + data.resolve("scm1") + " Class:ram Mounted:false"),
                out.subList(out.size() - 3, out.size()));
        assertEquals(r.toString(), List.of(), r.err());
        Result plain = run("-o", yml.toString(), "storage", "scan");
        assertTrue(plain.toString(), plain.out().stream().noneMatch(l -> l.contains("Mount")));
    }

    @Test
    public void storageScanVerboseShowsSizeAndFreeOfAMountedScm() throws Exception {
        Assume.assumeTrue("libipmctl.so.5 not installed (Debian libipmctl5)", hasLibrary("libipmctl.so.5"));
        Assume.assumeTrue("mounting a tmpfs needs root: run the build as root", NodeSupport.isRoot());
        Path yml = defaultConfig();
        Path scm1 = DIST.dist().home.resolve("data/scm1");
        Files.createDirectories(scm1);
        TestFiles.command("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", scm1.toString());
        try {
            Files.write(scm1.resolve("four-mib"), new byte[4 << 20]);
            Result r = run("-o", yml.toString(), "storage", "scan", "-v");
            assertEquals(r.toString(), 0, r.rc());
            assertEquals(r.toString(), "\t\tMount:" + scm1 + " Class:ram Mounted:true Size:16 MiB Free:12 MiB",
                    r.out().get(r.out().size() - 1));
        } finally {
            TestFiles.command("umount", scm1.toString());
        }
    }

    @Test
    public void storagePrepareScmOnlyWithoutModules() throws Exception {
        Assume.assumeTrue("libipmctl.so.5 not installed (Debian libipmctl5)", hasLibrary("libipmctl.so.5"));
        Assume.assumeFalse("this host has persistent memory: prepare would change it", hasPmem());
        Result r = run("storage", "prepare", "-s", "-f");
        assertEquals(r.toString(), 0, r.rc());
        assertEquals(r.toString(), List.of("No SCM modules detected; skipping operation"), r.out());
        assertEquals(r.toString(), List.of(), r.err());
    }

    @Test
    public void storagePrepareBothOnlyFlags() throws Exception {
        Result r = run("storage", "p", "--nvme-only", "--scm-only");
        assertEquals(r.toString(), 1, r.rc());
        assertEquals(r.toString(), List.of("ERROR: nvme-only and scm-only options should not be set together"),
                r.err());
    }

    @Test
    public void networkList() throws Exception {
        Result r = run("network", "list");
        assertEquals(r.toString(), 0, r.rc());
        assertEquals(r.toString(), List.of("Supported providers:",
                "\tofi+gni, ofi+psm2, ofi+tcp, ofi+sockets, ofi+verbs, ofi_rxm"), r.out());
    }

    @Test
    public void networkScanAllFindsLoopbackOverTcp() throws Exception {
        Assume.assumeTrue("libfabric.so.1 not installed (Debian libfabric1)", hasLibrary("libfabric.so.1"));
        Result r = run("network", "scan", "-a");
        assertEquals(r.toString(), 0, r.rc());
        List<String> out = r.out();
        assertEquals(r.toString(), "Scanning fabric for all providers", out.get(0));
        assertTrue(r.toString(), out.get(1).matches("Fabric scan found [1-9][0-9]* devices matching the provider spec: All"));
        int n = Integer.parseInt(out.get(1).split(" ")[3]);
        // each result: "", "\tfabric_iface: <dev>", "\tprovider: <p>", "\tpinned_numa_node: <n>", ""
        assertEquals(r.toString(), 2 + 5 * n, out.size());
        boolean lo = false;
        for (int i = 2; i < out.size(); i += 5) {
            assertEquals("", out.get(i));
            assertTrue(out.get(i + 1), out.get(i + 1).startsWith("\tfabric_iface: "));
            assertTrue(out.get(i + 2), out.get(i + 2).startsWith("\tprovider: "));
            assertTrue(out.get(i + 3), out.get(i + 3).matches("\tpinned_numa_node: \\d+"));
            assertEquals("", out.get(i + 4));
            lo |= out.get(i + 1).equals("\tfabric_iface: lo") && out.get(i + 2).equals("\tprovider: ofi+tcp;ofi_rxm");
        }
        assertTrue("lo with ofi+tcp;ofi_rxm: " + out, lo);
    }

    @Test
    public void networkScanOfAnUnknownProvider() throws Exception {
        Result r = run("network", "scan", "-p", "ofi+bogus");
        assertEquals(r.toString(), 1, r.rc());
        assertEquals(r.toString(), List.of("Scanning fabric for cmdline specified provider: ofi+bogus"), r.out());
        assertEquals(r.toString(), 1, r.err().size());
        String e = r.err().get(0);
        assertTrue(e, e.startsWith("ERROR: failed to execute the fabric and device scan: fabric provider: '"));
        assertTrue(e, e.endsWith("' is not known by libfabric.  Use 'daos_server network list' to view supported "
                + "providers"));
    }

    @Test
    public void networkCommandsNeedTheConfigFile() throws Exception {
        Path missing = DIST.dist().home.resolve("etc/nope.yml");
        Result r = run("-o", missing.toString(), "network", "list");
        assertEquals(r.toString(), 1, r.rc());
        assertEquals(r.toString(), List.of("ERROR: failed to load config from " + missing + ": stat " + missing
                + ": no such file or directory"), r.err());
    }
}
