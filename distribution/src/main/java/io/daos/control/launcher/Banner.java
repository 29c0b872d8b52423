package io.daos.control.launcher;

import java.nio.file.Path;

import io.daos.control.api.net.HostPort;

/**
 * The start banner: the reference's {@code DAOS Control Server (pid <pid>) listening on
 * <address>} line, followed by where things are and what to try next from another terminal
 * (bin/daos_grpc, with {@code -a localhost:<port>} unless the server listens on the default
 * control port that the tool also uses by default).
 *
 * @param pid       the server's process id
 * @param address   the address the gRPC server listens on, or null for {@code 0.0.0.0:<port>}
 * @param port      the port the gRPC server listens on
 * @param home      the distribution root
 * @param config    the config file in use
 * @param logDir    where the log file is
 * @param deployDir the hot-deploy directory
 */
record Banner(long pid, String address, String port, Path home, Path config, Path logDir, String deployDir) {

    /** The banner lines, joined by newlines (printed as one message). */
    String text() {
        String listening = address != null ? address : "0.0.0.0:" + port;
        String examples = home.resolve("examples").toString();
        String tool = home.resolve("bin/daos_grpc")
                + (Integer.toString(HostPort.DEFAULT_PORT).equals(port) ? "" : " -a localhost:" + port);
        return "DAOS Control Server (pid " + pid + ") listening on " + listening + "\n"
                + "  version: " + Main.version() + "\n"
                + "  config:  " + config + "\n"
                + "  logs:    " + logDir + "\n"
                + "  next:    in another terminal:\n"
                + "    " + tool + " health   # gRPC health of this server\n"
                + "    " + tool + " list     # the gRPC services served right now\n"
                + "    " + tool + " call ctl.MgmtCtl/StorageScan '{}'   # this node's SCM and NVMe inventory\n"
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
