package io.daos.control.itest.bench;

import java.nio.file.Path;

/** A valid one-node, insecure daos_server.yml for in-process measurements. */
final class BenchConfig {

    private BenchConfig() {
    }

    static String minimalConfig(int port, Path dir) {
        return String.join("\n",
                "name: daos_server",
                "port: " + port,
                "access_points: ['localhost:" + port + "']",
                "provider: ofi+sockets",
                "socket_dir: " + dir.resolve("run"),
                "transport_config:",
                "  allow_insecure: true",
                "servers:",
                "- targets: 1",
                "  fabric_iface: lo",
                "  fabric_iface_port: 31416",
                "  log_file: " + dir.resolve("io0.log"),
                "  scm_class: ram",
                "  scm_size: 1",
                "  scm_mount: " + dir.resolve("scm0"),
                "  bdev_class: file",
                "  bdev_list: [" + dir.resolve("bdev0") + "]",
                "  bdev_size: 1",
                "");
    }
}
