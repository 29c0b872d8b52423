package io.daos.control.config;

import static io.daos.control.config.ServerConfigLoaderTest.MINIMAL;
import static io.daos.control.config.ServerConfigLoaderTest.load;
import static io.daos.control.config.ServerConfigLoaderTest.loadFault;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.fault.FaultException;

/**
 * Issue 10, defect 6: numbers outside their natural range are refused at load with a fault that
 * names the field, the value and the allowed range ({@code port: 70000} used to load, and the
 * server then ran without a gRPC port).
 */
public class ConfigRangesTest {

    private static final String F632 = "server: code = 632 description = \"invalid control port in configuration\"";
    private static final String F630 = ", examples: " + ServerConfigLoaderTest.EXAMPLES
            + ": server: code = 630 description = \"insufficient information in configuration\"";

    /** MINIMAL with an access point that carries its own port, so only {@code port} is checked. */
    private static String withPort(String port) {
        return "port: " + port + "\naccess_points: ['1.2.3.4:10001']\n" + MINIMAL;
    }

    /** MINIMAL with one more key in its (only) server entry. */
    private static String server(String line) {
        return MINIMAL + "  " + line + "\n";
    }

    @Test
    public void defect6ControlPortAbove65535IsRefusedWithFault632() {
        FaultException e = loadFault(withPort("70000"));
        assertEquals("port 70000 out of range [1, 65535]: " + F632, e.getMessage());
        assertEquals(632, e.fault().code());
        assertEquals("port -1 out of range [1, 65535]: " + F632, loadFault(withPort("-1")).getMessage());
        assertEquals("port 0 out of range [1, 65535]: " + F632, loadFault(withPort("0")).getMessage());
    }

    @Test
    public void controlPortBoundsAreAccepted() throws Exception {
        assertEquals(1, load(withPort("1")).port());
        assertEquals(65535, load(withPort("65535")).port());
    }

    @Test
    public void defect6ExplicitNonPositiveTargetsAreRefused() {
        assertEquals("I/O server 0 failed config validation: targets 0 out of range [1, 65535]" + F630,
                loadFault(server("targets: 0")).getMessage());
        assertEquals("I/O server 0 failed config validation: targets -4 out of range [1, 65535]" + F630,
                loadFault(server("targets: -4")).getMessage());
        assertEquals(630, loadFault(server("targets: 0")).fault().code());
        assertEquals("I/O server 0 failed config validation: targets 65536 out of range [1, 65535]" + F630,
                loadFault(server("targets: 65536")).getMessage());
    }

    @Test
    public void targetsLeftOutKeepTheReferenceMeaningAllCores() throws Exception {
        ServerConfig c = load(MINIMAL);
        assertEquals(0, c.servers().get(0).targets());
        assertEquals(65535, load(server("targets: 65535")).servers().get(0).targets());
    }

    @Test
    public void theSecondServerIsNamedByItsIndex() {
        String two = MINIMAL + "- fabric_iface: eth1\n  scm_mount: /mnt/b\n  scm_class: ram\n  scm_size: 1\n"
                + "  targets: 0\n";
        assertEquals("I/O server 1 failed config validation: targets 0 out of range [1, 65535]" + F630,
                loadFault(two).getMessage());
    }

    @Test
    public void otherPerServerNumbersOutOfRange() {
        assertEquals(msg("nr_xs_helpers -1 out of range [0, 65535]"), loadFault(server("nr_xs_helpers: -1")).getMessage());
        assertEquals(msg("nr_xs_helpers 65536 out of range [0, 65535]"),
                loadFault(server("nr_xs_helpers: 65536")).getMessage());
        assertEquals(msg("first_core -2 out of range [0, 65535]"), loadFault(server("first_core: -2")).getMessage());
        assertEquals(msg("fabric_iface_port 70000 out of range [0, 65535]"),
                loadFault(server("fabric_iface_port: 70000")).getMessage());
        assertEquals(msg("bdev_number -1 out of range [0, 2147483647]"), loadFault(server("bdev_number: -1")).getMessage());
        assertEquals(msg("bdev_size -1 out of range [0, 2147483647]"), loadFault(server("bdev_size: -1")).getMessage());
        assertEquals(msg("scm_size -3 out of range [0, 2147483647]"),
                loadFault(MINIMAL.replace("scm_size: 1", "scm_size: -3")).getMessage());
    }

    @Test
    public void aTopLevelFabricPortOutOfRangeIsNamedWhereItLands() {
        assertEquals(msg("fabric_iface_port -5 out of range [0, 65535]"),
                loadFault("fabric_iface_port: -5\n" + MINIMAL).getMessage());
    }

    @Test
    public void inRangeNumbersLoad() throws Exception {
        ServerConfig c = load(server("nr_xs_helpers: 0\n  first_core: 0\n  fabric_iface_port: 65535\n  targets: 1"));
        assertEquals(65535, c.servers().get(0).fabricIfacePort());
        assertEquals(1, c.servers().get(0).targets());
    }

    private static String msg(String what) {
        return "I/O server 0 failed config validation: " + what + F630;
    }
}
