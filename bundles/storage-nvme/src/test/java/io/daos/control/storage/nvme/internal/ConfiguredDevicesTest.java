package io.daos.control.storage.nvme.internal;

import static org.junit.Assert.assertEquals;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.config.BdevClass;
import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.TestConfig;
import io.daos.control.api.storage.NvmeController;
import io.daos.control.api.storage.NvmeNamespace;

/** {@code BdevProvider.configured}: kdev/file/malloc devices reported as configured. */
public class ConfiguredDevicesTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static TestConfig cfg(BdevClass cls) {
        return new TestConfig().set("bdevClass", cls).set("pinnedNumaNode", OptionalInt.empty());
    }

    private static NvmeController dev(String model, String addr, int numa, long size) {
        return new NvmeController(model, "", addr, "", numa, null, List.of(new NvmeNamespace(1, size)), "", List.of());
    }

    private List<NvmeController> configured(IOServerConfig c, Path sys) {
        BdevProviderImpl p = new BdevProviderImpl(new NoSpdkBackend(),
                new SysfsScanner(sys, sys.resolve("mountinfo"), HealthReader.NONE), null);
        return p.configured(c);
    }

    @Test
    public void fileExistingAndNotYetCreated() throws Exception {
        Path existing = tmp.newFile("bdev0").toPath();
        try (RandomAccessFile f = new RandomAccessFile(existing.toFile(), "rw")) {
            f.setLength(123_456);
        }
        String missing = tmp.getRoot().toPath().resolve("bdev1").toString();
        IOServerConfig c = cfg(BdevClass.FILE).set("bdevList", List.of(existing.toString(), missing))
                .set("bdevSize", 5).set("pinnedNumaNode", OptionalInt.of(1)).build();
        long five = 5_000_000_000L / 4096 * 4096;
        assertEquals(List.of(dev("file", existing.toString(), 1, 123_456), dev("file", missing, 1, five)),
                configured(c, tmp.getRoot().toPath()));
    }

    @Test
    public void kdevSizeFromSysfs() throws Exception {
        FakeSysfs fs = new FakeSysfs(tmp.newFolder("root").toPath());
        FakeSysfs.write(fs.sys().resolve("class/block/sdb/size"), "2048\n");
        IOServerConfig c = cfg(BdevClass.KDEV).set("bdevList", List.of("/dev/sdb", "/dev/unknown-disk")).build();
        assertEquals(List.of(dev("kdev", "/dev/sdb", 0, 2048 * 512), dev("kdev", "/dev/unknown-disk", 0, 0)),
                configured(c, fs.sys()));
    }

    @Test
    public void mallocLuns() {
        IOServerConfig c = cfg(BdevClass.MALLOC).set("bdevNumber", 2).set("bdevSize", 4)
                .set("pinnedNumaNode", OptionalInt.of(0)).build();
        long size = 4L * 1000 * 1024 * 1024;
        assertEquals(List.of(dev("malloc", "malloc0", 0, size), dev("malloc", "malloc1", 0, size)),
                configured(c, tmp.getRoot().toPath()));
    }

    @Test
    public void nvmeAndNoDevicesAreEmpty() {
        Path sys = tmp.getRoot().toPath();
        assertEquals(List.of(), configured(cfg(BdevClass.NVME).set("bdevList", List.of("0000:81:00.0")).build(), sys));
        assertEquals(List.of(), configured(cfg(BdevClass.FILE).build(), sys));
        assertEquals(List.of(), configured(cfg(BdevClass.KDEV).build(), sys));
        assertEquals(List.of(), configured(cfg(BdevClass.MALLOC).set("bdevSize", 4).build(), sys));
        // the class-less default of TestConfig (no pinned_numa_node getter needed when empty)
        assertEquals(List.of(), configured(new TestConfig().build(), sys));
    }
}
