package io.daos.control.launcher;

import java.nio.file.Path;

import io.daos.control.api.net.HostPort;

/**
 * The start banner: the reference's {@code DAOS Control Server (pid <pid>) listening on
 * <address>} line, followed by where things are and what to try next from another terminal
 * (bin/dmg and bin/daos_grpc, with {@code -l}/{@code -a localhost:<port>} unless the server
 * listens on the default control port that the tools also use by default). A secure server's
 * hints carry the TLS flags daos_grpc needs (see {@link Tls}) and point dmg at a daos.yml.
 *
 * @param pid       the server's process id
 * @param address   the address the gRPC server listens on, or null for {@code 0.0.0.0:<port>}
 * @param port      the port the gRPC server listens on
 * @param home      the distribution root
 * @param config    the config file in use
 * @param logDir    where the log file is
 * @param deployDir the hot-deploy directory
 * @param tls       the TLS hints of a secure server, null for an insecure one
 */
record Banner(long pid, String address, String port, Path home, Path config, Path logDir, String deployDir,
        Tls tls) {

    /**
     * The TLS flags of daos_grpc for a secure server: the server's CA, and the admin certificate
     * and key, which daos_gen_certs writes next to the server certificate
     * ({@code DIR/daosCA/certs/admin.crt|key}); so they are looked for in the directory of the
     * server's {@code transport_config.cert}.
     *
     * @param caCert the server's {@code transport_config.ca_cert}
     * @param cert   the server's {@code transport_config.cert}
     */
    record Tls(String caCert, String cert) {

        /** The hints of a server that reported its certificate paths, null for an insecure one. */
        static Tls of(String caCert, String cert) {
            return caCert == null || cert == null ? null : new Tls(caCert, cert);
        }

        /** Where the admin certificate and key are expected: the server certificate's directory. */
        Path adminDir() {
            Path dir = Path.of(cert).toAbsolutePath().getParent();
            return dir == null ? Path.of("/") : dir;
        }

        /** The daos_grpc flags. */
        String flags() {
            Path dir = adminDir();
            return "--ca " + caCert + " --cert " + dir.resolve("admin.crt") + " --key " + dir.resolve("admin.key");
        }
    }

    /** The first line (also the systemd status of a ready server). */
    String headline() {
        return "DAOS Control Server (pid " + pid + ") listening on " + (address != null ? address : "0.0.0.0:" + port);
    }

    /** The banner lines, joined by newlines (printed as one message). */
    String text() {
        String examples = home.resolve("examples").toString();
        String tool = home.resolve("bin/daos_grpc")
                + (Integer.toString(HostPort.DEFAULT_PORT).equals(port) ? "" : " -a localhost:" + port)
                + (tls == null ? "" : " " + tls.flags());
        String dmg = home.resolve("bin/dmg")
                + (Integer.toString(HostPort.DEFAULT_PORT).equals(port) ? "" : " -l localhost:" + port)
                + (tls == null ? "" : " -o daos.yml");
        return headline() + "\n"
                + "  version: " + Main.version() + "\n"
                + "  config:  " + config + "\n"
                + "  logs:    " + logDir + "\n"
                + (tls == null ? "" : "  tls:     mutual TLS; the hints use the admin certificate and key of "
                        + "daos_gen_certs, expected next to the server certificate in " + tls.adminDir() + "\n")
                + "  next:    in another terminal:\n"
                + (tls == null ? "" : "    # dmg: daos.yml names the CA and the admin certificate and key in transport_config\n")
                + "    " + dmg + " storage format   # format this node's storage once; the I/O servers then start\n"
                + "    " + dmg + " system query -v  # the members of the system and their states\n"
                + "    " + dmg + " storage scan     # this node's SCM and NVMe inventory\n"
                + "    " + tool + " health   # gRPC health of this server\n"
                + "    " + tool + " list     # the gRPC services served right now\n"
                + "    cp " + examples + "/*.jar " + deployDir + "/   # hot-add the example modules\n"
                + "    " + tool + " call daos.control.example.echo.Echo/Echo '{\"text\":\"hi\"}'\n"
                + "    rm " + deployDir + "/*.jar   # withdraw them again\n"
                + "  stop:    Ctrl-C, or kill " + pid;
    }

    /** The line printed when the server stops. */
    static String shuttingDown(long pid) {
        return "DAOS Control Server (pid " + pid + ") shutting down";
    }
}
