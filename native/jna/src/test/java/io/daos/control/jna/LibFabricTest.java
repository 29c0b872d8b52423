package io.daos.control.jna;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;

/**
 * The binding and the documented struct offsets against the installed libfabric1: the records read
 * through the offsets must be the ones {@code fi_info} prints. Skipped where libfabric1 is absent.
 */
public class LibFabricTest {

    private LibFabric fabric;

    /** One record as read through the offsets. */
    private record Rec(String provider, String domain, String fabricName) {
    }

    @Before
    public void loadLibrary() {
        try {
            fabric = LibFabric.load();
        } catch (LibraryNotInstalledException e) {
            Assume.assumeTrue("libfabric1 is not installed (apt-get install libfabric1): " + e.getMessage(), false);
        }
    }

    private List<Rec> getinfo(String provider) {
        Pointer hints = fabric.fi_dupinfo(null);
        assertNotNull("fi_allocinfo failed", hints);
        PointerByReference ref = new PointerByReference();
        try {
            if (provider != null) {
                LibFabric.setProviderName(hints, provider);
            }
            int rc = fabric.fi_getinfo(LibFabric.API_VERSION_1_7, null, null, 0, hints, ref);
            if (rc == -LibFabric.FI_ENODATA) {
                assertNull(ref.getValue());
                return List.of();
            }
            assertEquals("fi_getinfo: " + fabric.fi_strerror(-rc), 0, rc);
            List<Rec> out = new ArrayList<>();
            for (Pointer p = ref.getValue(); p != null; p = LibFabric.next(p)) {
                out.add(new Rec(LibFabric.providerName(p), LibFabric.domainName(p), LibFabric.fabricName(p)));
            }
            return out;
        } finally {
            if (ref.getValue() != null) {
                fabric.fi_freeinfo(ref.getValue());
            }
            fabric.fi_freeinfo(hints); // also frees the malloc'ed prov_name
        }
    }

    @Test
    public void loadsOnce() throws Exception {
        assertSame(fabric, LibFabric.load());
        assertEquals(0x10007, LibFabric.API_VERSION_1_7);
    }

    @Test
    public void allRecordsCarryProviderDomainAndFabricNames() {
        List<Rec> recs = getinfo(null);
        assertFalse("libfabric returned no records at all", recs.isEmpty());
        Set<String> providers = new LinkedHashSet<>();
        Set<String> domains = new LinkedHashSet<>();
        for (Rec r : recs) {
            assertNotNull(r.toString(), r.provider());
            assertNotNull(r.toString(), r.domain());
            assertNotNull(r.toString(), r.fabricName());
            providers.add(r.provider());
            domains.add(r.domain());
        }
        // Every Linux host has the loopback interface, and libfabric's tcp provider (layered
        // under rxm) serves every IP interface.
        assertTrue("providers " + providers, providers.contains("tcp;ofi_rxm"));
        assertTrue("domains " + domains, domains.contains("lo"));
        assertTrue("lo fabric names " + recs, recs.contains(new Rec("tcp;ofi_rxm", "lo", "127.0.0.1/32")));
    }

    @Test
    public void aProviderHintReturnsOnlyThatProvider() {
        List<Rec> recs = getinfo("tcp;ofi_rxm");
        assertFalse(recs.isEmpty());
        for (Rec r : recs) {
            assertEquals(r.toString(), "tcp;ofi_rxm", r.provider());
        }
    }

    @Test
    public void anAbsentProviderIsNoData() {
        // verbs needs RDMA hardware; the message is libfabric's own text for FI_ENODATA.
        Assume.assumeFalse("this host has RDMA devices (/sys/class/infiniband); the test needs a host without RDMA",
                new File("/sys/class/infiniband").exists());
        assertEquals(List.of(), getinfo("verbs"));
        assertEquals("No data available", fabric.fi_strerror(LibFabric.FI_ENODATA));
    }

    @Test
    public void noSourceAddressMeansNoPsm2Unit() {
        Pointer hints = fabric.fi_dupinfo(null);
        try {
            assertNull(LibFabric.sourceAddress(hints));
            assertNull(LibFabric.psm2Unit(hints));
            assertNull(LibFabric.providerName(hints));
            LibFabric.setProviderName(hints, "sockets");
            assertEquals("sockets", LibFabric.providerName(hints));
            LibFabric.setProviderName(hints, "tcp;ofi_rxm"); // frees the previous copy
            assertEquals("tcp;ofi_rxm", LibFabric.providerName(hints));
        } finally {
            fabric.fi_freeinfo(hints);
        }
    }

    /** sigaction(2), to read the installed handlers. */
    interface SigLibC extends Library {
        int sigaction(int signal, Pointer act, Pointer oldact);
    }

    /**
     * libinfinipath (linked by Debian's libfabric) replaces the JVM's handlers at load unless
     * IPATH_NO_BACKTRACE is set; LibFabric.load() sets it. No handler of a signal the JVM relies on
     * may point into a PSM library after loading and querying libfabric.
     */
    @Test
    public void theJvmKeepsItsSignalHandlers() throws Exception {
        getinfo(null); // provider initialisation too
        List<long[]> psmRanges = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (line.contains("libinfinipath") || line.contains("libpsm")) {
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                psmRanges.add(new long[] {Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16)});
            }
        }
        Assume.assumeFalse("this libfabric links no PSM library (libpsm*/libinfinipath): nothing whose signal handlers "
                + "could replace the JVM's", psmRanges.isEmpty());
        SigLibC libc = Native.load("c", SigLibC.class);
        Memory old = new Memory(512);
        for (int signal : new int[] {4, 6, 7, 11, 2, 15}) { // ILL ABRT BUS SEGV INT TERM
            old.clear();
            assertEquals(0, libc.sigaction(signal, null, old));
            long handler = old.getLong(0); // sa_handler/sa_sigaction is the first member
            for (long[] r : psmRanges) {
                assertFalse("signal " + signal + " handled inside a PSM library",
                        Long.compareUnsigned(handler, r[0]) >= 0 && Long.compareUnsigned(handler, r[1]) < 0);
            }
        }
        // the live environment (System.getenv is a snapshot taken at JVM start)
        assertNotNull(Native.load("c", EnvLibC.class).getenv("IPATH_NO_BACKTRACE"));
    }

    /** getenv(3). */
    interface EnvLibC extends Library {
        String getenv(String name);
    }

    /** The same (provider, domain, fabric) triples as the fi_info utility prints, in its order. */
    @Test
    public void offsetsMatchTheFiInfoUtility() throws Exception {
        File fiInfo = new File("/usr/bin/fi_info");
        Assume.assumeTrue("fi_info is not installed: apt-get install libfabric-bin", fiInfo.canExecute());
        Process p = new ProcessBuilder(fiInfo.getPath()).redirectErrorStream(true).start();
        List<Rec> printed = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String provider = null;
            String fabricName = null;
            for (String line; (line = r.readLine()) != null;) {
                String t = line.trim();
                if (t.startsWith("provider: ")) {
                    provider = t.substring("provider: ".length());
                } else if (t.startsWith("fabric: ")) {
                    fabricName = t.substring("fabric: ".length());
                } else if (t.startsWith("domain: ")) {
                    printed.add(new Rec(provider, t.substring("domain: ".length()), fabricName));
                }
            }
        } finally {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertEquals(0, p.exitValue());
        // fi_info asks with its own hints (any mode bits); ours are fi_allocinfo's zeros as in the
        // reference, so compare what both report: every record we read is one fi_info printed.
        List<Rec> ours = getinfo(null);
        assertTrue(printed.containsAll(ours));
        assertTrue("fi_info printed " + printed.size() + ", we read " + ours.size(),
                ours.size() * 2 >= printed.size());
    }
}
