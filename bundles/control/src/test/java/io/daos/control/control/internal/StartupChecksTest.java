package io.daos.control.control.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.daos.control.api.config.BdevClass;
import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.config.TestConfig;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.storage.BdevFilter;
import io.daos.control.api.storage.BdevPrepareRequest;
import io.daos.control.api.storage.BdevProvider;
import io.daos.control.api.storage.FakeBdevProvider;
import io.daos.control.api.storage.FakeScmProvider;
import io.daos.control.api.storage.HugepageInfo;
import io.daos.control.api.storage.NvmeController;
import io.daos.control.api.storage.StorageException;

/** The start-up storage checks (SPEC-SERVER §3.2 steps 5 and 7, §3.3) against the api fakes. */
public class StartupChecksTest {

    private static final String A = "0000:81:00.0";
    private static final String B = "0000:82:00.0";
    private static final String C = "0000:83:00.0";

    private final FakeBdevProvider bdev = new FakeBdevProvider();
    private final FakeScmProvider scm = new FakeScmProvider();
    /** Calls to the bdev provider, by method name, in order (across prepare, hugepages and scan). */
    private final List<String> bdevCalls = new ArrayList<>();
    private final AtomicInteger uidCalls = new AtomicInteger();
    private int uid;
    private final List<LogRecord> logs = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(StartupChecks.class.getName());
    private Level oldLevel;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logs.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Before
    public void captureLogs() {
        oldLevel = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.setUseParentHandlers(false); // the expected SEVERE/WARNING records stay off the console
        logger.addHandler(handler);
    }

    @After
    public void releaseLogs() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(true);
        logger.setLevel(oldLevel);
    }

    private static IOServerConfig server(BdevClass cls, String... bdevs) {
        return new TestConfig().set("bdevClass", cls).set("bdevList", List.of(bdevs)).build();
    }

    private static NvmeController ctrl(String pci) {
        return new NvmeController("model", "serial", pci, "fw", 0, null, List.of(), "nvme", List.of());
    }

    /** The fake behind a recorder of the method names called. */
    private BdevProvider recorded() {
        return (BdevProvider) Proxy.newProxyInstance(BdevProvider.class.getClassLoader(),
                new Class<?>[] {BdevProvider.class}, (p, m, a) -> {
                    bdevCalls.add(m.getName());
                    try {
                        return m.invoke(bdev, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private StartupChecks checks(ServerConfig cfg) {
        return new StartupChecks(cfg, recorded(), scm, "daos", () -> {
            uidCalls.incrementAndGet();
            return uid;
        });
    }

    private Optional<StartupChecks.Failure> run(int nrHugepages, IOServerConfig... servers) {
        return checks(Fakes.serverConfig(List.of(), List.of(), nrHugepages, servers)).run();
    }

    private List<String> messages(Level level) {
        return logs.stream().filter(r -> r.getLevel().equals(level)).map(LogRecord::getMessage).toList();
    }

    // ---------------------------------------------------------------- automatic prepare

    /**
     * Emulated classes need no NVMe prepare: the reference's unconditional run would rebind every
     * NVMe SSD of the host and reserve 8 GiB of hugepages for a file-only configuration.
     */
    @Test
    public void noNvmeClassSkipsThePrepareAndSaysWhy() {
        assertEquals(Optional.empty(), run(0, server(BdevClass.FILE, "/tmp/b0"), server(BdevClass.MALLOC),
                server(BdevClass.KDEV, "/dev/sdz")));
        assertEquals(List.of(), bdev.prepared);
        assertTrue(messages(Level.INFO).toString(), messages(Level.INFO).contains(StartupChecks.PREPARE_SKIPPED));
    }

    @Test
    public void nvmeClassWithoutDevicesSkipsThePrepare() {
        assertEquals(Optional.empty(), run(0, server(BdevClass.NVME)));
        assertEquals(List.of(), bdev.prepared);
        assertEquals(List.of(), bdevCalls);
    }

    @Test
    public void nvmeClassPreparesWithTheConfiguredRequest() {
        bdev.scanResult = List.of(ctrl(A), ctrl(B));
        bdev.hugepages = new HugepageInfo(1024, 1024, 0, 0, 2048);
        ServerConfig cfg = Fakes.serverConfig(List.of(A, B), List.of(C), 512, server(BdevClass.NVME, A),
                server(BdevClass.FILE, "/tmp/b1"));
        assertEquals(Optional.empty(), checks(cfg).run());
        assertEquals(List.of(new BdevPrepareRequest(1024, A + " " + B, C, "daos", false)), bdev.prepared);
        assertFalse(messages(Level.INFO).contains(StartupChecks.PREPARE_SKIPPED));
    }

    /**
     * Unset nr_hugepages requests 0: the provider applies its default. Without bdev_include the
     * whitelist is the configured NVMe SSDs, never "every SSD of the host".
     */
    @Test
    public void unsetHugepagesRequestsZeroAndAnEmptyIncludeListBindsOnlyTheConfiguredSsds() {
        bdev.scanResult = List.of(ctrl(A), ctrl(B), ctrl(C));
        assertEquals(Optional.empty(), run(0, server(BdevClass.NVME, A, B), server(BdevClass.FILE, "/tmp/b1"),
                server(BdevClass.NVME, B)));
        assertEquals(List.of(new BdevPrepareRequest(0, A + " " + B, "", "daos", false)), bdev.prepared);
    }

    /** The omitted-key quirk (§1.4): the I/O server uses NVMe, so prepare; but no presence check. */
    @Test
    public void emptyClassQuirkPreparesButIsNotCheckedForPresence() {
        assertEquals(Optional.empty(), run(0, server(BdevClass.NONE, A)));
        assertEquals(1, bdev.prepared.size());
        assertEquals(List.of(), bdev.filters);
    }

    @Test
    public void prepareFailureIsOnlyLogged() {
        bdev.prepareError = new StorageException("SPDK prepare: spdk setup failed (out): exit status 1");
        bdev.scanResult = List.of(ctrl(A));
        assertEquals(Optional.empty(), run(0, server(BdevClass.NVME, A)));
        assertEquals(List.of("automatic NVMe prepare failed (check configuration?)\n"
                + "SPDK prepare: spdk setup failed (out): exit status 1"), messages(Level.SEVERE));
        assertEquals(List.of(BdevFilter.ALL), bdev.filters); // went on to the presence check
    }

    // ---------------------------------------------------------------- hugepages and IOMMU

    @Test
    public void noBdevListNoHugepageCheck() {
        bdev.hugepagesError = new StorageException("unable to read system hugepage info: boom");
        uid = 1000;
        assertEquals(Optional.empty(), run(8, server(BdevClass.NVME), server(BdevClass.MALLOC)));
        assertEquals(List.of(), bdevCalls);
        assertEquals(0, uidCalls.get());
    }

    @Test
    public void hugepageCountersUnreadableIsFatal() {
        bdev.hugepagesError = new StorageException("unable to read system hugepage info: unhandled page size unit \"MB\"");
        StartupChecks.Failure f = run(0, server(BdevClass.FILE, "/tmp/b0")).orElseThrow();
        assertEquals("unable to read system hugepage info: unhandled page size unit \"MB\"", f.message());
        assertNull(f.fault());
        assertEquals(List.of(), scm.calls);
    }

    @Test
    public void fewerFreeHugepagesThanRequestedIs646() {
        bdev.hugepages = new HugepageInfo(8, 7, 0, 0, 2048);
        StartupChecks.Failure f = run(4, server(BdevClass.FILE, "/tmp/b0"), server(BdevClass.FILE, "/tmp/b1"))
                .orElseThrow();
        assertEquals("server: code = 646 description = \"requested 8 hugepages; got 7\"", f.message());
        assertEquals(646, f.fault().code());
        assertEquals("reboot the system or manually clear /dev/hugepages as appropriate", f.fault().resolution());
        assertEquals(List.of("hugepages"), bdevCalls); // no prepare (file class), no scan after the failure
    }

    @Test
    public void enoughFreeHugepagesPasses() {
        bdev.hugepages = new HugepageInfo(8, 8, 0, 0, 2048);
        assertEquals(Optional.empty(), run(4, server(BdevClass.FILE, "/tmp/b0"), server(BdevClass.FILE, "/tmp/b1")));
    }

    /** nr_hugepages unset: requested 0, never short even with no free hugepages. */
    @Test
    public void unsetHugepagesIsNever646() {
        bdev.hugepages = new HugepageInfo(0, 0, 0, 0, 2048);
        assertEquals(Optional.empty(), run(0, server(BdevClass.FILE, "/tmp/b0")));
        assertEquals(List.of("hugepages"), bdevCalls);
    }

    @Test
    public void nonRootWithNvmeAndNoIommuIs643() {
        uid = 1000;
        StartupChecks.Failure f = run(0, server(BdevClass.NVME, A)).orElseThrow();
        assertEquals("server: code = 643 description = \"no IOMMU detected while running as non-root user with "
                + "NVMe devices\"", f.message());
        assertSame(Faults.SERVER_IOMMU_DISABLED, f.fault());
        assertEquals(List.of("prepareDevices", "hugepages", "iommuEnabled"), bdevCalls);
    }

    @Test
    public void rootNeedsNoIommu() {
        uid = 0;
        bdev.scanResult = List.of(ctrl(A));
        assertEquals(Optional.empty(), run(0, server(BdevClass.NVME, A)));
    }

    @Test
    public void nonRootWithIommuPasses() {
        uid = 1000;
        bdev.iommu = true;
        bdev.scanResult = List.of(ctrl(A));
        assertEquals(Optional.empty(), run(0, server(BdevClass.NVME, A)));
    }

    /** Better than the reference: emulated devices need no vfio, so no IOMMU (and no uid asked). */
    @Test
    public void nonRootWithOnlyEmulatedDevicesNeedsNoIommu() {
        uid = 1000;
        assertEquals(Optional.empty(), run(0, server(BdevClass.FILE, "/tmp/b0"), server(BdevClass.KDEV, "/dev/sdz")));
        assertEquals(0, uidCalls.get());
    }

    // ---------------------------------------------------------------- NVMe presence (637)

    @Test
    public void oneMissingSsdIs637Singular() {
        uid = 0;
        bdev.scanResult = List.of(ctrl(B));
        StartupChecks.Failure f = run(0, server(BdevClass.NVME, A)).orElseThrow();
        assertEquals("setup control service: server: code = 637 description = \"NVMe SSD [" + A + "] not found\"",
                f.message());
        assertEquals(637, f.fault().code());
        assertEquals("check SSD [" + A + "] that are specified in server config exist", f.fault().resolution());
        assertEquals(List.of(BdevFilter.ALL), bdev.filters);
        assertEquals(List.of(), scm.calls); // fatal: nothing after it
    }

    /** Missing addresses in configuration order across servers; the match ignores case. */
    @Test
    public void severalMissingSsdsAre637PluralInConfigOrder() {
        bdev.scanResult = List.of(ctrl("0000:af:00.0"), ctrl(B));
        StartupChecks.Failure f = run(0, server(BdevClass.NVME, C, "0000:AF:00.0", A),
                server(BdevClass.NVME, B, "0000:01:00.0")).orElseThrow();
        assertEquals("setup control service: server: code = 637 description = \"NVMe SSDs [" + C + " " + A
                + " 0000:01:00.0] not found\"", f.message());
        assertEquals("check SSDs [" + C + " " + A + " 0000:01:00.0] that are specified in server config exist",
                f.fault().resolution());
    }

    /** The scan is unfiltered: an address in bdev_exclude that is configured is still found. */
    @Test
    public void scanIgnoresIncludeAndExclude() {
        bdev.scanResult = List.of(ctrl(A));
        ServerConfig cfg = Fakes.serverConfig(List.of(B), List.of(A), 0, server(BdevClass.NVME, A));
        assertEquals(Optional.empty(), checks(cfg).run());
        assertEquals(List.of(BdevFilter.ALL), bdev.filters);
    }

    @Test
    public void onlyNvmeClassIsChecked() {
        bdev.scanResult = List.of();
        assertEquals(Optional.empty(), run(0, server(BdevClass.FILE, "/tmp/b0"), server(BdevClass.NVME)));
        assertEquals(List.of(), bdev.filters);
    }

    @Test
    public void scanFailureMeansNo637() {
        bdev.scanError = new StorageException("spdk: init failed");
        assertEquals(Optional.empty(), run(0, server(BdevClass.NVME, A)));
        assertTrue(messages(Level.FINE).toString(), messages(Level.FINE).stream()
                .anyMatch(m -> m != null && m.contains("spdk: init failed")));
        assertEquals(List.of("scan"), scm.calls);
    }

    @Test
    public void scanCrashMeansNo637() {
        bdev.crashScan(new IllegalStateException("provider bug"));
        assertEquals(Optional.empty(), run(0, server(BdevClass.NVME, A)));
        assertEquals(1, messages(Level.WARNING).size());
        assertEquals(List.of("scan"), scm.calls);
    }

    // ---------------------------------------------------------------- order and SCM scan

    @Test
    public void stepsRunInTheReferenceOrder() {
        bdev.scanResult = List.of(ctrl(A));
        uid = 1000;
        bdev.iommu = true;
        assertEquals(Optional.empty(), run(0, server(BdevClass.NVME, A)));
        assertEquals(List.of("prepareDevices", "hugepages", "iommuEnabled", "scan"), bdevCalls);
        assertEquals(List.of("scan"), scm.calls);
    }

    @Test
    public void scmScanRunsWithoutBdevs() {
        assertEquals(Optional.empty(), run(0, server(BdevClass.NONE)));
        assertEquals(List.of("scan"), scm.calls);
    }

    @Test
    public void scmScanFailureIsIgnored() {
        scm.scanError = new StorageException("scm: code = 217 description = \"module discovery failed\"");
        assertEquals(Optional.empty(), run(0, server(BdevClass.NONE)));
        assertEquals(List.of("scan"), scm.calls);
        scm.scanError = null;
        scm.crashScan(new UnsatisfiedLinkError("libipmctl.so.5"));
        assertEquals(Optional.empty(), run(0, server(BdevClass.NONE)));
        assertEquals(List.of("scan", "scan"), scm.calls);
    }

    @Test
    public void theScmScanGoesToItsRunnerAfterTheChecksAndOnlyWhenTheyPass() {
        List<Runnable> submitted = new ArrayList<>();
        StartupChecks passing = new StartupChecks(Fakes.serverConfig(server(BdevClass.NONE)), recorded(), scm, "daos",
                () -> 0, submitted::add);
        assertEquals(Optional.empty(), passing.run());
        assertEquals("the checks are done before the scan runs", List.of(), scm.calls);
        assertEquals(1, submitted.size());
        submitted.get(0).run();
        assertEquals(List.of("scan"), scm.calls);

        submitted.clear();
        bdev.scanResult = List.of(); // 637: the configured SSD is missing
        StartupChecks failing = new StartupChecks(Fakes.serverConfig(server(BdevClass.NVME, A)), recorded(), scm,
                "daos", () -> 0, submitted::add);
        assertTrue(failing.run().isPresent());
        assertEquals("no scan after a fatal check", List.of(), submitted);
    }

    @Test
    public void noScmProviderIsFine() {
        StartupChecks c = new StartupChecks(Fakes.serverConfig(server(BdevClass.NONE)), recorded(), null, "daos",
                () -> 0);
        assertEquals(Optional.empty(), c.run());
    }
}
