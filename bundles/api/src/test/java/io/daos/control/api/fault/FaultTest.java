package io.daos.control.api.fault;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

public class FaultTest {

    @Test
    public void textAndResolutionForms() {
        Fault f = Faults.SERVER_CONFIG_BAD_PROVIDER;
        assertEquals("server: code = 634 description = \"provider not specified in configuration\"", f.toString());
        assertEquals("server: code = 634 resolution = \"specify a valid network provider in configuration "
                + "('provider' parameter) and restart the control server\"", f.resolutionLine());
        assertTrue(f.hasResolution());
    }

    @Test
    public void emptyResolutionAndDomain() {
        Fault f = new Fault(null, 0, "unknown fault", null);
        assertEquals("unknown: code = 0 description = \"unknown fault\"", f.toString());
        assertEquals("unknown: code = 0 resolution = \"no known resolution\"", f.resolutionLine());
        assertFalse(f.hasResolution());
        assertEquals("", f.domain());
    }

    @Test
    public void templatedFaults() {
        assertEquals("bdev: code = 319 description = \"format request contains unhandled block device class \\\"\\\"\"",
                Faults.bdevFormatUnknownClass("").toString());
        assertEquals("server: code = 637 description = \"NVMe SSD [0000:81:00.0] not found\"",
                Faults.serverBdevNotFound(List.of("0000:81:00.0")).toString());
        assertEquals("check SSDs [a b] that are specified in server config exist",
                Faults.serverBdevNotFound(List.of("a", "b")).resolution());
        assertEquals("server: code = 638 description = \"the fabric configuration in IO server 1 is a duplicate of "
                + "server 0\"", Faults.serverConfigDuplicateFabric(1, 0).toString());
        assertEquals("ensure that each IO server has a unique scm_mount value and restart",
                Faults.serverConfigDuplicateScmMount(1, 0).resolution());
        assertEquals("pbin: code = 3 description = \"the privileged helper (daos_admin) was not found or is not "
                + "executable\"", Faults.privilegedHelperNotAvailable("daos_admin").toString());
        assertEquals("pbin: code = 3 resolution = \"check the DAOS admin guide for details on privileged helper setup\"",
                Faults.privilegedHelperNotAvailable("daos_admin").resolutionLine());
        assertEquals("server: code = 646 description = \"requested 4096 hugepages; got 12\"",
                Faults.serverInsufficientFreeHugePages(4096, 12).toString());
        assertEquals("manually create /mnt/daos or remove --recreate-superblocks from the server arguments",
                Faults.serverScmUnmanaged("/mnt/daos").resolution());
        assertEquals("SCM capacity should be larger than 16 MiB", Faults.serverPoolScmTooSmall("1 MiB", "16 MiB")
                .resolution());
    }

    @Test
    public void catalogueHasEveryReferenceCodeInOrder() {
        List<Integer> codes = List.copyOf(Faults.catalogue().keySet());
        assertEquals(List.of(0, 1, 2, 3, 4, 105, 106, 107, 108, 109, 210, 211, 212, 213, 214, 215, 216, 217,
                318, 319, 320, 321, 422, 423, 424, 425, 526, 527, 528, 629, 630, 631, 632, 633, 634, 635, 636, 637,
                638, 639, 640, 641, 642, 643, 644, 645, 646, 647, 748, 749, 750, 751, 952), codes);
        assertSame(Faults.SERVER_HARNESS_NOT_STARTED, Faults.byCode(647).get());
        assertFalse(Faults.byCode(999).isPresent());
        assertEquals("the log_file value in IO server <i> is a duplicate of server <j>",
                Faults.byCode(639).get().description());
    }

    @Test
    public void equalityIsByValue() {
        assertEquals(Faults.serverConfigDuplicateLogFile(1, 0), Faults.serverConfigDuplicateLogFile(1, 0));
        assertNotEquals(Faults.serverConfigDuplicateLogFile(1, 0), Faults.serverConfigDuplicateLogFile(2, 0));
        assertEquals(Faults.SERVER_BAD_CONFIG.hashCode(), Faults.SERVER_BAD_CONFIG.withDescription(
                Faults.SERVER_BAD_CONFIG.description()).hashCode());
    }

    @Test
    public void exceptionCarriesFaultAndWrapsContext() {
        FaultException e = new FaultException(Faults.SERVER_CONFIG_BAD_ACCESS_POINTS);
        assertEquals(Faults.SERVER_CONFIG_BAD_ACCESS_POINTS.toString(), e.getMessage());
        FaultException w = e.withContext("invalid port \"x\"");
        assertEquals("invalid port \"x\": server: code = 633 description = \"invalid list of access points in "
                + "configuration\"", w.getMessage());
        assertSame(e.fault(), w.fault());
        assertSame(e, w.getCause());
    }

    @Test
    public void textsAreGoQuoted() {
        Fault f = new Fault("pbin", 4, "bad \\ path\nline\t\u0001", "say \"yes\"");
        assertEquals("pbin: code = 4 description = \"bad \\\\ path\\nline\\t\\x01\"", f.toString());
        assertEquals("pbin: code = 4 resolution = \"say \\\"yes\\\"\"", f.resolutionLine());
    }

    @Test(expected = NullPointerException.class)
    public void exceptionNeedsAFault() {
        new FaultException("x", null);
    }
}
