package io.daos.control.storage.nvme.internal;

import java.util.List;
import java.util.Optional;

import io.daos.control.api.config.BdevClass;
import io.daos.control.api.config.IOServerConfig;

/** Rendering of {@code daos_nvme.conf} exactly as SPEC-SERVER §4.8. */
final class NvmeConf {

    private NvmeConf() {
    }

    /** The reason no file is generated ("no devices"), or null when one is. */
    static String noDevicesReason(IOServerConfig c) {
        if (c.bdevClass() == BdevClass.MALLOC) {
            return c.bdevNumber() == 0 ? "bdev_number == 0 in config" : null;
        }
        List<String> list = c.bdevList();
        return list == null || list.isEmpty() ? "bdev_list empty in config" : null;
    }

    /** The file content, or empty for "no devices". */
    static Optional<String> render(IOServerConfig c) {
        if (noDevicesReason(c) != null) {
            return Optional.empty();
        }
        String host = c.hostname() == null ? "" : c.hostname();
        StringBuilder sb = new StringBuilder();
        List<String> list = c.bdevList();
        switch (c.bdevClass()) {
            case MALLOC -> sb.append("[Malloc]\n")
                    .append("    NumberOfLuns ").append(c.bdevNumber()).append('\n')
                    .append("    LunSizeInMB ").append(c.bdevSize()).append("000\n");
            case FILE -> {
                sb.append("[AIO]\n");
                for (int i = 0; i < list.size(); i++) {
                    sb.append("    AIO ").append(list.get(i)).append(" AIO_").append(host).append('_').append(i)
                            .append(" 4096\n");
                }
            }
            case KDEV -> {
                sb.append("[AIO]\n");
                for (int i = 0; i < list.size(); i++) {
                    sb.append("    AIO ").append(list.get(i)).append(" AIO_").append(host).append('_').append(i)
                            .append('\n');
                }
            }
            default -> {
                sb.append("[Nvme]\n");
                for (int i = 0; i < list.size(); i++) {
                    sb.append("    TransportID \"trtype:PCIe traddr:").append(list.get(i)).append("\" Nvme_")
                            .append(host).append('_').append(i).append('\n');
                }
                sb.append("    RetryCount 4\n")
                        .append("    TimeoutUsec 0\n")
                        .append("    ActionOnTimeout None\n")
                        .append("    AdminPollRate 100000\n")
                        .append("    HotplugEnable No\n")
                        .append("    HotplugPollRate 0\n");
            }
        }
        return Optional.of(sb.toString());
    }
}
