package io.daos.control.storage.scm.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;

import io.daos.control.api.storage.ScmModule;
import io.daos.control.api.storage.ScmPrepareResult;
import io.daos.control.api.storage.ScmProvider;
import io.daos.control.api.storage.ScmRegionState;
import io.daos.control.api.storage.ScmScan;
import io.daos.control.jna.LibIpmctl;
import io.daos.control.jna.LibraryNotInstalledException;
import io.daos.control.jna.NativeLibraries;

/**
 * The real libipmctl, ndctl and ipmctl on a host WITHOUT PMem (this VM, CI): scan is an empty
 * result with state Unknown and no error, prepare and reset do nothing. Skipped with a message
 * when libipmctl is absent, when not root (libipmctl then answers rc=268), or when the host has
 * PMem (nothing here may touch real modules).
 */
public class RealPmemTest {

    /** The real backend, recording what it is asked to do. */
    static final class RecordingPmemBackend implements PmemBackend {
        final PmemBackend real = new IpmctlPmemBackend();
        final List<String> commands = new ArrayList<>();
        int discoveries;

        @Override
        public List<ScmModule> discoverModules() throws IOException, LibraryNotInstalledException {
            discoveries++;
            return real.discoverModules();
        }

        @Override
        public boolean hasCommand(String name) {
            return real.hasCommand(name);
        }

        @Override
        public String run(List<String> argv, long timeoutSeconds) throws IOException {
            commands.add(String.join(" ", argv));
            return real.run(argv, timeoutSeconds);
        }
    }

    @Before
    public void requireRealLibraryWithoutPmem() throws Exception {
        try {
            LibIpmctl.load();
        } catch (LibraryNotInstalledException e) {
            Assume.assumeTrue("skipped: " + e.getMessage() + " (apt-get install libipmctl5)", false);
        }
        int euid = NativeLibraries.libc().geteuid();
        Assume.assumeTrue("skipped: libipmctl discovery needs root (euid is " + euid + "): run the build as root",
                euid == 0);
        Assume.assumeFalse("skipped: this host has PMem modules (nmem devices on /sys/bus/nd); "
                + "these tests only run where prepare cannot change anything", hostHasPmem());
    }

    private static boolean hostHasPmem() throws IOException {
        Path nd = Path.of("/sys/bus/nd/devices");
        if (!Files.isDirectory(nd)) {
            return false;
        }
        try (var s = Files.list(nd)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("nmem"));
        }
    }

    @Test
    public void serviceLoaderProviderScansEmptyWithoutError() throws Exception {
        List<ScmProvider> found = new ArrayList<>();
        ServiceLoader.load(ScmProvider.class).forEach(found::add);
        assertEquals(1, found.size());
        assertTrue(found.get(0) instanceof ScmProviderComponent);
        ScmProvider provider = found.get(0);

        long t0 = System.nanoTime();
        ScmScan scan = provider.scan();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("RealPmemTest: real SCM scan (library load + discovery) took " + ms + " ms");
        assertEquals(new ScmScan(ScmRegionState.UNKNOWN, List.of(), List.of()), scan);

        ScmPrepareResult prep = provider.prepare(false);
        assertEquals(new ScmPrepareResult(ScmRegionState.UNKNOWN, false, List.of()), prep);
        ScmPrepareResult reset = provider.prepare(true);
        assertEquals(new ScmPrepareResult(ScmRegionState.UNKNOWN, false, List.of()), reset);
    }

    @Test
    public void scanAndPrepareRunNoCommandAndTouchNoMount() throws Exception {
        RecordingPmemBackend pmem = new RecordingPmemBackend();
        FakeScmBackend mounts = new FakeScmBackend();
        ScmProviderImpl provider = new ScmProviderImpl(mounts, pmem);
        assertEquals(new ScmScan(ScmRegionState.UNKNOWN, List.of(), List.of()), provider.scan());
        assertEquals(new ScmPrepareResult(ScmRegionState.UNKNOWN, false, List.of()), provider.prepare(false));
        assertEquals(new ScmPrepareResult(ScmRegionState.UNKNOWN, false, List.of()), provider.prepare(true));
        assertEquals("no ndctl/ipmctl command may run without modules", List.of(), pmem.commands);
        assertEquals(List.of(), mounts.calls);
        // scan; prepare on the cached scan (then dropped); reset after a fresh scan
        assertEquals(2, pmem.discoveries);
    }

    @Test
    public void realToolsAnswerInTheParsedFormats() throws Exception {
        IpmctlPmemBackend real = new IpmctlPmemBackend();
        Assume.assumeTrue("skipped: ndctl not installed (apt-get install ndctl)", real.hasCommand("ndctl"));
        Assume.assumeTrue("skipped: ipmctl not installed (apt-get install ipmctl)", real.hasCommand("ipmctl"));
        // no PMem: ndctl lists nothing, which parses as no namespaces
        assertEquals(List.of(), NdctlOutput.namespaces(real.run(ScmInventory.LIST_NAMESPACES, 60)));
        // no PMem: ipmctl refuses, reported in the reference's exit-error form
        try {
            String out = real.run(ScmInventory.SHOW_REGIONS, 60);
            fail("ipmctl show -region succeeded without PMem: " + out);
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("exit status "));
            assertTrue(e.getMessage(), e.getMessage().contains("; stderr: "));
            assertTrue(e.getMessage(), e.getMessage().contains("No PMem modules"));
        }
    }
}
