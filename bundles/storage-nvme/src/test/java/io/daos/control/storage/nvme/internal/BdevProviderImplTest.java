package io.daos.control.storage.nvme.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.config.BdevClass;
import io.daos.control.api.config.TestConfig;
import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.storage.BdevFormatResult;
import io.daos.control.api.storage.StorageException;

/** Format, prepare and daos_nvme.conf writing (SPEC-SERVER §4.7, §4.8, §8.5) with a fake NVMe backend. */
public class BdevProviderImplTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** Controllers by PCI address; records formats. */
    static final class FakeNvme implements NvmeBackend {
        List<String> controllers = new ArrayList<>();
        IOException scanError;
        IOException formatError;
        final List<String> formatted = new ArrayList<>();

        @Override
        public List<String> scan() throws IOException {
            if (scanError != null) {
                throw scanError;
            }
            return controllers;
        }

        @Override
        public void format(String pciAddr) throws IOException {
            if (formatError != null) {
                throw formatError;
            }
            formatted.add(pciAddr);
        }
    }

    private final FakeNvme nvme = new FakeNvme();
    private final BdevProviderImpl provider = new BdevProviderImpl(nvme);

    private static IOServerConfig cfg(BdevClass cls, List<String> list) {
        return new TestConfig().set("bdevClass", cls).set("bdevList", list).build();
    }

    private StorageException failure(IOServerConfig c, boolean prepare) {
        try {
            if (prepare) {
                provider.prepare(c);
            } else {
                provider.format(c);
            }
        } catch (StorageException e) {
            return e;
        }
        fail("expected a StorageException");
        return null;
    }

    @Test
    public void emptyDeviceList() {
        assertEquals("empty DeviceList in FormatRequest", failure(cfg(BdevClass.NVME, List.of()), false).getMessage());
    }

    @Test
    public void unknownClassIs319PerDevice() throws Exception {
        List<BdevFormatResult> r = provider.format(cfg(BdevClass.NONE, List.of("a", "b")));
        assertEquals(2, r.size());
        for (BdevFormatResult x : r) {
            assertFalse(x.formatted());
            assertEquals("bdev: code = 319 description = \"format request contains unhandled block device class \\\"\\\"\"",
                    x.fault().toString());
            assertEquals("bdev: code = 319 resolution = \"check your configuration and restart the server\"",
                    x.fault().resolutionLine());
        }
    }

    @Test
    public void emulatedClassesNeedNoFormat() throws Exception {
        for (BdevClass c : List.of(BdevClass.KDEV, BdevClass.FILE, BdevClass.MALLOC)) {
            List<BdevFormatResult> r = provider.format(cfg(c, List.of("/dev/x", "/dev/y")));
            assertEquals(List.of(new BdevFormatResult("/dev/x", null), new BdevFormatResult("/dev/y", null)), r);
        }
        assertTrue(nvme.formatted.isEmpty());
    }

    @Test
    public void nvmeFormatsScannedControllers() throws Exception {
        nvme.controllers = List.of("0000:81:00.0", "0000:81:00.1", "0000:82:00.0");
        List<BdevFormatResult> r = provider.format(cfg(BdevClass.NVME, List.of("0000:81:00.0", "0000:82:00.0", "0000:99:00.0", "")));
        assertTrue(r.get(0).formatted());
        assertTrue(r.get(1).formatted());
        assertEquals(List.of("0000:81:00.0", "0000:82:00.0"), nvme.formatted);
        assertEquals(320, r.get(2).fault().code());
        assertEquals("NVMe format failed: bdev: code = 321 description = "
                + "\"format request contains invalid NVMe PCI address \\\"0000:99:00.0\\\"\"", r.get(2).fault().description());
        assertEquals("bdev: code = 320 resolution = \"no known resolution\"", r.get(2).fault().resolutionLine());
        assertEquals(320, r.get(3).fault().code());
    }

    @Test
    public void nvmeFormatAndScanFailures() throws Exception {
        nvme.controllers = List.of("0000:81:00.0");
        nvme.formatError = new IOException("controller does not support format nvm command");
        assertEquals("NVMe format failed: controller does not support format nvm command",
                provider.format(cfg(BdevClass.NVME, List.of("0000:81:00.0"))).get(0).fault().description());
        nvme.scanError = new IOException("spdk init failed");
        List<BdevFormatResult> r = provider.format(cfg(BdevClass.NVME, List.of("0000:81:00.0", "0000:81:00.1")));
        assertEquals(2, r.size());
        assertEquals("NVMe format failed: spdk init failed", r.get(1).fault().description());
    }

    @Test
    public void noSpdkBackendExplainsItself() throws Exception {
        List<BdevFormatResult> r = new BdevProviderImpl(new NoSpdkBackend()).format(cfg(BdevClass.NVME, List.of("0000:81:00.0")));
        assertEquals("NVMe format failed: " + NoSpdkBackend.NO_SPDK, r.get(0).fault().description());
    }

    // ---- prepare: backing files

    @Test
    public void prepareCreatesSparseFilesOfBdevSize() throws Exception {
        Path a = tmp.getRoot().toPath().resolve("bdev1");
        Path b = tmp.getRoot().toPath().resolve("bdev2");
        Files.writeString(b, "keep");
        IOServerConfig c = new TestConfig().set("bdevClass", BdevClass.FILE).set("bdevSize", 5)
                .set("bdevList", List.of(a.toString(), b.toString())).build();
        provider.prepare(c);
        assertEquals(5_000_000_000L / 4096 * 4096, Files.size(a));
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(a)));
        assertEquals("an existing file is left untouched", "keep", Files.readString(b));
        provider.prepare(c); // idempotent
        assertEquals(4_999_999_488L, Files.size(a));
    }

    @Test
    public void prepareErrors() {
        assertEquals("please specify absolute path (rel/bdev)", failure(new TestConfig().set("bdevClass", BdevClass.FILE)
                .set("bdevSize", 1).set("bdevList", List.of("rel/bdev")).build(), true).getMessage());
        assertTrue(failure(new TestConfig().set("bdevClass", BdevClass.FILE).set("bdevSize", 0)
                .set("bdevList", List.of("/tmp/x")).build(), true).getMessage().startsWith("bdev_size must be at least 1"));
        String missingDir = tmp.getRoot() + "/no/such/dir/bdev";
        assertTrue(failure(new TestConfig().set("bdevClass", BdevClass.FILE).set("bdevSize", 1)
                .set("bdevList", List.of(missingDir)).build(), true).getMessage().startsWith("failed to create bdev file " + missingDir));
    }

    @Test
    public void prepareOtherClassesDoNothing() throws Exception {
        Path a = tmp.getRoot().toPath().resolve("kdev");
        provider.prepare(new TestConfig().set("bdevClass", BdevClass.KDEV).set("bdevSize", 1)
                .set("bdevList", List.of(a.toString())).build());
        assertFalse(Files.exists(a));
    }

    // ---- daos_nvme.conf

    @Test
    public void writeNvmeConfTruncatesAndRewrites() throws Exception {
        Path mount = tmp.newFolder("mnt").toPath();
        Path conf = mount.resolve("daos_nvme.conf");
        Files.writeString(conf, "x".repeat(1000));
        IOServerConfig c = new TestConfig().set("bdevClass", BdevClass.KDEV).set("hostname", "h")
                .set("bdevList", List.of("/dev/sdc")).set("scmMount", mount.toString()).build();
        assertEquals(Optional.of(conf), provider.writeNvmeConf(c));
        assertEquals("[AIO]\n    AIO /dev/sdc AIO_h_0\n", Files.readString(conf));
    }

    @Test
    public void writeNvmeConfNoDevices() throws Exception {
        Path mount = tmp.newFolder("mnt").toPath();
        IOServerConfig c = new TestConfig().set("bdevClass", BdevClass.NVME).set("scmMount", mount.toString()).build();
        assertEquals(Optional.empty(), provider.writeNvmeConf(c));
        assertFalse(Files.exists(mount.resolve("daos_nvme.conf")));
    }

    @Test
    public void writeNvmeConfError() {
        String mount = tmp.getRoot() + "/absent";
        IOServerConfig c = new TestConfig().set("bdevClass", BdevClass.MALLOC).set("bdevNumber", 1).set("bdevSize", 1)
                .set("scmMount", mount).build();
        try {
            provider.writeNvmeConf(c);
            fail("expected an error");
        } catch (StorageException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("spdk: failed to create NVMe config file "
                    + mount + "/daos_nvme.conf: "));
        }
    }

    @Test
    public void scanAndPrepareDevicesGoToTheSysfsScannerAndThePreparer() throws Exception {
        FakeSysfs fs = new FakeSysfs(tmp.newFolder("root").toPath());
        fs.nvme("0000:82:00.0", 1).kernel(1, "m2", "s2", "f");
        fs.nvme("0000:81:00.0", 0).kernel(0, "m1", "s1", "f");
        SysfsScanner scanner = new SysfsScanner(fs.sys(), fs.mountinfo(), HealthReader.NONE);
        Path meminfo = tmp.newFile("meminfo").toPath();
        NvmePreparer preparer = new NvmePreparer(new NvmePreparer.Settings(() -> 1000, k -> null, List.of(), "/bin",
                java.time.Duration.ofSeconds(5), meminfo, tmp.newFile("nr").toPath(), tmp.getRoot().toPath(),
                scanner));
        BdevProviderImpl p = new BdevProviderImpl(nvme, scanner, preparer);
        assertEquals(List.of("0000:81:00.0", "0000:82:00.0"),
                p.scan(null).stream().map(io.daos.control.api.storage.NvmeController::pciAddr).toList());
        assertEquals(List.of("m2"), p.scan(new io.daos.control.api.storage.BdevFilter(List.of(),
                List.of("0000:81:00.0"))).stream().map(io.daos.control.api.storage.NvmeController::model).toList());
        try {
            p.prepareDevices(new io.daos.control.api.storage.BdevPrepareRequest(0, "", "", "", false));
            fail("not root");
        } catch (StorageException e) {
            assertEquals("must be run with root privileges", e.getMessage());
        }
    }
}
