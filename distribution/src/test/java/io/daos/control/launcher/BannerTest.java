package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.Test;

import io.daos.control.api.net.HostPort;

public class BannerTest {

    private static final Path HOME = Path.of("/opt/daos-control");

    private static Banner banner(String address, int port) {
        return banner(address, port, null);
    }

    private static Banner banner(String address, int port, Banner.Tls tls) {
        return new Banner(77, address, Integer.toString(port), HOME, HOME.resolve("etc/daos_server.yml"),
                HOME.resolve("log"), "/opt/daos-control/deploy", tls);
    }

    @Test
    public void onTheDefaultPortTheToolNeedsNoAddress() {
        assertEquals(List.of(
                "DAOS Control Server (pid 77) listening on 0.0.0.0:10001",
                "  version: " + Main.version(),
                "  config:  /opt/daos-control/etc/daos_server.yml",
                "  logs:    /opt/daos-control/log",
                "  next:    in another terminal:",
                "    /opt/daos-control/bin/dmg storage format   # format this node's storage once; the I/O servers then start",
                "    /opt/daos-control/bin/dmg system query -v  # the members of the system and their states",
                "    /opt/daos-control/bin/dmg storage scan     # this node's SCM and NVMe inventory",
                "    /opt/daos-control/bin/daos_grpc health   # gRPC health of this server",
                "    /opt/daos-control/bin/daos_grpc list     # the gRPC services served right now",
                "    cp /opt/daos-control/examples/*.jar /opt/daos-control/deploy/   # hot-add the example modules",
                "    /opt/daos-control/bin/daos_grpc call daos.control.example.echo.Echo/Echo '{\"text\":\"hi\"}'",
                "    rm /opt/daos-control/deploy/*.jar   # withdraw them again",
                "  stop:    Ctrl-C, or kill 77"),
                List.of(banner(null, HostPort.DEFAULT_PORT).text().split("\n")));
    }

    @Test
    public void onAnotherPortTheToolIsGivenIt() {
        String text = banner("127.0.0.1:5555", 5555).text();
        assertTrue(text, text.startsWith("DAOS Control Server (pid 77) listening on 127.0.0.1:5555\n"));
        assertTrue(text, text.contains("\n    /opt/daos-control/bin/daos_grpc -a localhost:5555 health   #"));
        assertTrue(text, text.contains("\n    /opt/daos-control/bin/daos_grpc -a localhost:5555 call daos.control.example"));
        assertEquals(3 + 1, text.split("-a localhost:5555", -1).length);
        assertTrue(text, text.contains("\n    /opt/daos-control/bin/dmg -l localhost:5555 system query -v  #"));
        assertEquals(3 + 1, text.split("dmg -l localhost:5555", -1).length);
    }

    /** Secure: every daos_grpc hint carries the CA and the admin pair next to the server certificate. */
    @Test
    public void aSecureServersHintsCarryTheTlsFlagsOfTheAdminCertificate() {
        Banner.Tls tls = Banner.Tls.of("/etc/daos/daosCA/certs/daosCA.crt", "/etc/daos/daosCA/certs/server.crt");
        String flags = "--ca /etc/daos/daosCA/certs/daosCA.crt --cert /etc/daos/daosCA/certs/admin.crt"
                + " --key /etc/daos/daosCA/certs/admin.key";
        List<String> lines = List.of(banner(null, 10071, tls).text().split("\n"));
        assertEquals(List.of(
                "DAOS Control Server (pid 77) listening on 0.0.0.0:10071",
                "  version: " + Main.version(),
                "  config:  /opt/daos-control/etc/daos_server.yml",
                "  logs:    /opt/daos-control/log",
                "  tls:     mutual TLS; the hints use the admin certificate and key of daos_gen_certs,"
                        + " expected next to the server certificate in /etc/daos/daosCA/certs",
                "  next:    in another terminal:",
                "    # dmg: daos.yml names the CA and the admin certificate and key in transport_config",
                "    /opt/daos-control/bin/dmg -l localhost:10071 -o daos.yml storage format   # format this node's storage once;"
                        + " the I/O servers then start",
                "    /opt/daos-control/bin/dmg -l localhost:10071 -o daos.yml system query -v  # the members of the system"
                        + " and their states",
                "    /opt/daos-control/bin/dmg -l localhost:10071 -o daos.yml storage scan     # this node's SCM and NVMe inventory",
                "    /opt/daos-control/bin/daos_grpc -a localhost:10071 " + flags + " health   # gRPC health of this server",
                "    /opt/daos-control/bin/daos_grpc -a localhost:10071 " + flags
                        + " list     # the gRPC services served right now",
                "    cp /opt/daos-control/examples/*.jar /opt/daos-control/deploy/   # hot-add the example modules",
                "    /opt/daos-control/bin/daos_grpc -a localhost:10071 " + flags
                        + " call daos.control.example.echo.Echo/Echo '{\"text\":\"hi\"}'",
                "    rm /opt/daos-control/deploy/*.jar   # withdraw them again",
                "  stop:    Ctrl-C, or kill 77"), lines);
    }

    /** On the default port a secure hint has the flags but no address. */
    @Test
    public void aSecureServerOnTheDefaultPortNeedsOnlyTheFlags() {
        String text = banner(null, HostPort.DEFAULT_PORT, Banner.Tls.of("ca.crt", "/c/server.crt")).text();
        assertTrue(text, text.contains("\n    /opt/daos-control/bin/daos_grpc --ca ca.crt --cert /c/admin.crt"
                + " --key /c/admin.key health   #"));
    }

    /** A marker without certificate paths (an insecure server) gives no TLS hints: the insecure banner. */
    @Test
    public void noCertificatePathsMeansTheInsecureBanner() {
        assertNull(Banner.Tls.of(null, null));
        assertNull(Banner.Tls.of("/c/ca.crt", null));
        assertEquals(banner(null, 5555).text(), banner(null, 5555, Banner.Tls.of(null, null)).text());
        assertFalse(banner(null, 5555).text().contains("--ca"));
    }

    @Test
    public void shuttingDown() {
        assertEquals("DAOS Control Server (pid 5) shutting down", Banner.shuttingDown(5));
    }
}
