package io.daos.control.storage.nvme.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import io.daos.control.api.config.BdevClass;
import io.daos.control.api.config.TestConfig;
import io.daos.control.api.config.IOServerConfig;

/** Every daos_nvme.conf template of SPEC-SERVER §4.8, verbatim. */
public class NvmeConfTest {

    private static IOServerConfig cfg(BdevClass cls, String host, List<String> list, int number, int size) {
        return new TestConfig().set("bdevClass", cls).set("hostname", host).set("bdevList", list)
                .set("bdevNumber", number).set("bdevSize", size).set("scmMount", "/mnt/daos").build();
    }

    @Test
    public void nvme() {
        assertEquals("[Nvme]\n"
                + "    TransportID \"trtype:PCIe traddr:0000:81:00.0\" Nvme_host1_0\n"
                + "    TransportID \"trtype:PCIe traddr:0000:81:00.1\" Nvme_host1_1\n"
                + "    RetryCount 4\n"
                + "    TimeoutUsec 0\n"
                + "    ActionOnTimeout None\n"
                + "    AdminPollRate 100000\n"
                + "    HotplugEnable No\n"
                + "    HotplugPollRate 0\n",
                NvmeConf.render(cfg(BdevClass.NVME, "host1", List.of("0000:81:00.0", "0000:81:00.1"), 0, 0)).orElseThrow());
    }

    @Test
    public void nvmeWithoutHostnameAndOmittedClass() {
        String conf = NvmeConf.render(cfg(BdevClass.NONE, "", List.of("0000:81:00.0", "0000:81:00.1"), 0, 0)).orElseThrow();
        assertTrue(conf, conf.startsWith("[Nvme]\n"
                + "    TransportID \"trtype:PCIe traddr:0000:81:00.0\" Nvme__0\n"
                + "    TransportID \"trtype:PCIe traddr:0000:81:00.1\" Nvme__1\n    RetryCount 4\n"));
    }

    @Test
    public void file() {
        assertEquals("[AIO]\n"
                + "    AIO /tmp/daos-bdev1 AIO_host1_0 4096\n"
                + "    AIO /tmp/daos-bdev2 AIO_host1_1 4096\n",
                NvmeConf.render(cfg(BdevClass.FILE, "host1", List.of("/tmp/daos-bdev1", "/tmp/daos-bdev2"), 0, 5)).orElseThrow());
    }

    @Test
    public void kdev() {
        assertEquals("[AIO]\n    AIO /dev/sdc AIO_host1_0\n",
                NvmeConf.render(cfg(BdevClass.KDEV, "host1", List.of("/dev/sdc"), 0, 0)).orElseThrow());
    }

    @Test
    public void malloc() {
        assertEquals("[Malloc]\n    NumberOfLuns 2\n    LunSizeInMB 5000\n",
                NvmeConf.render(cfg(BdevClass.MALLOC, "h", List.of(), 2, 5)).orElseThrow());
        assertEquals("[Malloc]\n    NumberOfLuns 1\n    LunSizeInMB 0000\n",
                NvmeConf.render(cfg(BdevClass.MALLOC, "h", List.of(), 1, 0)).orElseThrow());
    }

    @Test
    public void noDevicesNoFile() {
        for (BdevClass c : List.of(BdevClass.NONE, BdevClass.NVME, BdevClass.KDEV, BdevClass.FILE)) {
            assertTrue(c.name(), NvmeConf.render(cfg(c, "h", List.of(), 3, 3)).isEmpty());
            assertEquals("bdev_list empty in config", NvmeConf.noDevicesReason(cfg(c, "h", List.of(), 3, 3)));
        }
        assertTrue(NvmeConf.render(cfg(BdevClass.MALLOC, "h", List.of("x"), 0, 3)).isEmpty());
        assertEquals("bdev_number == 0 in config", NvmeConf.noDevicesReason(cfg(BdevClass.MALLOC, "h", List.of(), 0, 3)));
    }
}
