package io.daos.control.storage.scm.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.TestConfig;
import io.daos.control.api.storage.ScmMountUsage;
import io.daos.control.api.storage.ScmState;
import io.daos.control.api.storage.StorageException;

/** Every branch of the SCM provider with the fake backend (SPEC-SERVER §4.5, §4.6, §8.4). */
public class ScmProviderImplTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private FakeScmBackend backend;
    private ScmProviderImpl provider;
    private String mp;

    @Before
    public void setUp() throws IOException {
        backend = new FakeScmBackend();
        provider = new ScmProviderImpl(backend);
        mp = tmp.getRoot().toPath().resolve("mnt/daos").toString();
    }

    private StorageException expectFailure(ThrowingRunnable r) {
        try {
            r.run();
        } catch (StorageException e) {
            return e;
        }
        fail("expected a StorageException");
        return null;
    }

    interface ThrowingRunnable {
        void run() throws StorageException;
    }

    // ---- request building and validation

    @Test
    public void unsupportedClass() {
        IOServerConfig c = new TestConfig().set("scmMount", mp).build();
        assertEquals("operation unsupported on scm class", expectFailure(() -> provider.checkRequest(c)).getMessage());
        assertEquals("operation unsupported on scm class", expectFailure(() -> provider.mount(c)).getMessage());
    }

    @Test
    public void dcpmNeedsExactlyOneDevice() {
        for (IOServerConfig c : List.of(TestConfig.dcpm(mp).build(), TestConfig.dcpm(mp, "/dev/a", "/dev/b").build())) {
            StorageException e = expectFailure(() -> provider.checkRequest(c));
            assertEquals("scm: code = 212 description = \"format request must have exactly 1 dcpm device\"", e.getMessage());
            assertEquals(212, e.fault().orElseThrow().code());
        }
        assertEquals(212, expectFailure(() -> provider.check(TestConfig.dcpm(mp, "").build())).fault().orElseThrow().code());
    }

    @Test
    public void emptyMountPointIs213() {
        StorageException e = expectFailure(() -> provider.check(TestConfig.ram("", 1).build()));
        assertEquals("scm: code = 213 description = \"format request must specify mountpoint\"", e.getMessage());
    }

    @Test
    public void zeroSizeIs211() {
        StorageException e = expectFailure(() -> provider.format(TestConfig.ram(mp, 0).build()));
        assertEquals(211, e.fault().orElseThrow().code());
        assertTrue(backend.calls.isEmpty());
    }

    // ---- ram

    @Test
    public void ramAbsentMountPointNeedsFormat() throws Exception {
        ScmState s = provider.check(TestConfig.ram(mp, 2).build());
        assertEquals(new ScmState(mp, false, false, false), s);
        assertTrue(provider.needsFormat(TestConfig.ram(mp, 2).build()));
    }

    @Test
    public void ramFormatMountsTmpfsAndChowns() throws Exception {
        backend.euid = 0;
        backend.egid = 0;
        ScmState s = provider.format(TestConfig.ram(mp, 2).build());
        assertEquals(new ScmState(mp, true, true, false), s);
        assertEquals(List.of("mount tmpfs " + mp + " tmpfs 1024 size=2g", "chown " + mp + " 0.0"), backend.calls);
        assertTrue(Files.isDirectory(Path.of(mp)));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(Path.of(mp))));
        assertFalse(provider.needsFormat(TestConfig.ram(mp, 2).build()));
        assertTrue(provider.isMounted(mp));
    }

    @Test
    public void ramMountedIsFormattedAndMounted() throws Exception {
        Files.createDirectories(Path.of(mp));
        backend.mounts.put(mp, "0:50");
        assertEquals(new ScmState(mp, true, true, false), provider.check(TestConfig.ram(mp, 1).build()));
    }

    @Test
    public void ramReformatUnmountsClearsAndRemounts() throws Exception {
        Files.createDirectories(Path.of(mp));
        Files.writeString(Path.of(mp, "old"), "x");
        backend.mounts.put(mp, "0:50");
        provider.format(TestConfig.ram(mp, 1).build());
        assertEquals("unmount " + mp + " 0", backend.calls.get(0));
        assertEquals("mount tmpfs " + mp + " tmpfs 1024 size=1g", backend.calls.get(1));
        assertFalse(Files.exists(Path.of(mp, "old")));
    }

    @Test
    public void ramUnmountFailure() throws Exception {
        Files.createDirectories(Path.of(mp));
        backend.mounts.put(mp, "0:50");
        backend.unmountError = new ScmBackend.ErrnoException(16, "device or resource busy");
        assertEquals("failed to clear existing mount: device or resource busy",
                expectFailure(() -> provider.format(TestConfig.ram(mp, 1).build())).getMessage());
    }

    @Test
    public void ramMountFailure() {
        backend.mountError = new ScmBackend.ErrnoException(12, "cannot allocate memory");
        StorageException e = expectFailure(() -> provider.format(TestConfig.ram(mp, 1).build()));
        assertEquals("mount tmpfs->" + mp + " failed: cannot allocate memory", e.getMessage());
        assertTrue(e.fault().isEmpty());
        assertEquals("unknown: code = 0 resolution = \"no known resolution\"", e.resolutionLine());
    }

    @Test
    public void ramMkdirFailure() throws Exception {
        String bad = "/proc/daos-control-test/scm"; // mkdir fails there, also for root
        StorageException e = expectFailure(() -> provider.format(TestConfig.ram(bad, 1).build()));
        assertTrue(e.getMessage(), e.getMessage().startsWith("failed to create mountpoint " + bad + ": "));
        assertTrue(backend.calls.isEmpty());
    }

    @Test
    public void statErrorFailsTheCheck() throws Exception {
        String bad = tmp.newFile("afile").toPath().resolve("sub").toString();
        StorageException e = expectFailure(() -> provider.check(TestConfig.ram(bad, 1).build()));
        assertTrue(e.getMessage(), e.getMessage().startsWith("failed to check if " + bad + " is mounted: "));
    }

    @Test
    public void ramEpermFallsBackToDevelopmentDirectory() throws Exception {
        backend.mountError = new ScmBackend.ErrnoException(ScmBackend.EPERM, "operation not permitted");
        ScmState s = provider.format(TestConfig.ram(mp, 1).build());
        assertEquals(new ScmState(mp, true, true, false), s);
        assertTrue(Files.exists(Path.of(mp, ScmProviderImpl.DEV_MODE_MARKER)));
        assertFalse(provider.needsFormat(TestConfig.ram(mp, 1).build()));
        backend.calls.clear();
        provider.mount(TestConfig.ram(mp, 1).build());
        assertTrue("development-mode directory is not mounted again", backend.calls.isEmpty());
    }

    @Test
    public void ramNotRootUsesDevelopmentDirectoryWithoutMounting() throws Exception {
        backend.euid = 1000;
        backend.egid = 1000;
        provider.format(TestConfig.ram(mp, 1).build());
        assertEquals(List.of("chown " + mp + " 1000.1000"), backend.calls);
        assertTrue(Files.exists(Path.of(mp, ScmProviderImpl.DEV_MODE_MARKER)));
    }

    @Test
    public void doubleMountRefusedWith109() throws Exception {
        // the mount point stays mounted although it was unmounted (e.g. stacked mounts)
        Files.createDirectories(Path.of(mp));
        FakeScmBackend sticky = new FakeScmBackend() {
            @Override
            public void unmount(String target, int flags) {
                calls.add("unmount");
            }
        };
        sticky.mounts.put(mp, "0:50");
        StorageException e = expectFailure(() -> new ScmProviderImpl(sticky).format(TestConfig.ram(mp, 1).build()));
        assertEquals("scm: code = 109 description = \"request included already-mounted mount target (cannot double-mount)\"",
                e.getMessage());
        assertEquals(109, e.fault().orElseThrow().code());
    }

    @Test
    public void mountAtStart() throws Exception {
        provider.mount(TestConfig.ram(mp, 3).build());
        assertEquals(List.of("mount tmpfs " + mp + " tmpfs 1024 size=3g"), backend.calls);
        backend.calls.clear();
        provider.mount(TestConfig.ram(mp, 3).build());
        assertTrue("already mounted: nothing to do", backend.calls.isEmpty());
    }

    @Test
    public void mountAtStartFailure() {
        backend.mountError = new ScmBackend.ErrnoException(19, "no such device");
        assertEquals("failed to mount SCM device: mounting existing scm dir: mount tmpfs->" + mp
                + " failed: no such device", expectFailure(() -> provider.mount(TestConfig.ram(mp, 1).build())).getMessage());
    }

    @Test
    public void isMountedFailure() throws Exception {
        Files.createDirectories(Path.of(mp));
        backend.mountInfoError = new IOException("boom");
        assertEquals("failed to check if " + mp + " is mounted: boom",
                expectFailure(() -> provider.check(TestConfig.ram(mp, 1).build())).getMessage());
    }

    @Test
    public void notAValidMountTarget() throws Exception {
        String f = tmp.newFile("plain").toString();
        assertEquals("not a valid mount target: \"" + f + "\"", expectFailure(() -> provider.isMounted(f)).getMessage());
        assertFalse(provider.isMounted(tmp.getRoot() + "/absent"));
    }

    // ---- dcpm (a real device node is needed for stat: /dev/null, major:minor 1:3)

    private static final String DEV = "/dev/null";

    @Test
    public void dcpmMissingDeviceIs214() {
        StorageException e = expectFailure(() -> provider.check(TestConfig.dcpm(mp, "/bad/device").build()));
        assertEquals("scm: code = 214 description = \"configured SCM device /bad/device does not exist\"", e.getMessage());
        assertEquals("scm: code = 214 resolution = \"check the configured value and/or perform the SCM preparation procedure\"",
                e.resolutionLine());
    }

    @Test
    public void dcpmNotADeviceFile() throws Exception {
        String f = tmp.newFile("pmem").toString();
        assertEquals(f + " is not a device file", expectFailure(() -> provider.check(TestConfig.dcpm(mp, f).build())).getMessage());
    }

    @Test
    public void dcpmProbe() throws Exception {
        IOServerConfig c = TestConfig.dcpm(mp, DEV).build();
        backend.probeOutput = DEV + ": data";
        assertEquals(new ScmState(mp, false, false, false), provider.check(c));
        assertTrue(provider.needsFormat(c));
        backend.probeOutput = DEV + ": Linux rev 1.0 ext4 filesystem data, UUID=x (extents) (large files)";
        assertEquals(new ScmState(mp, true, false, true), provider.check(c));
        assertFalse(provider.needsFormat(c));
        backend.probeOutput = DEV + ": Linux rev 1.0 reiserfs filesystem data";
        assertEquals(new ScmState(mp, true, false, false), provider.check(c));
        assertTrue(provider.needsFormat(c));
        backend.probeOutput = DEV + ": block special";
        assertEquals("unable to determine fs type from \"" + DEV + ": block special\"",
                expectFailure(() -> provider.check(c)).getMessage());
        backend.probeError = new IOException("unable to find file");
        assertEquals("unable to find file", expectFailure(() -> provider.check(c)).getMessage());
    }

    @Test
    public void dcpmMountedIsFormattedAndMounted() throws Exception {
        Files.createDirectories(Path.of(mp));
        backend.mounts.put(mp, "1:3");
        assertEquals(new ScmState(mp, true, true, false), provider.check(TestConfig.dcpm(mp, DEV).build()));
        assertTrue(provider.isMounted(DEV));
    }

    @Test
    public void dcpmFormatOverwritesForeignFilesystem() throws Exception {
        backend.probeOutput = DEV + ": Linux rev 1.0 reiserfs filesystem data";
        ScmState s = provider.format(TestConfig.dcpm(mp, DEV).build());
        assertEquals(new ScmState(mp, true, true, false), s);
        assertEquals(List.of("probe " + DEV, "mkfs " + DEV + " force=true",
                "mount " + DEV + " " + mp + " ext4 1024 dax,nodelalloc", "chown " + mp + " 0.0"), backend.calls);
    }

    @Test
    public void dcpmFormatMkfsAndMountFailures() {
        backend.probeOutput = DEV + ": data";
        backend.mkfsError = new IOException("exit status 1: stdout: ; stderr: bad");
        assertEquals("failed to format " + DEV + ": exit status 1: stdout: ; stderr: bad",
                expectFailure(() -> provider.format(TestConfig.dcpm(mp, DEV).build())).getMessage());
        backend.mkfsError = null;
        backend.mountError = new ScmBackend.ErrnoException(22, "invalid argument");
        assertEquals("mount " + DEV + "->" + mp + " failed: invalid argument",
                expectFailure(() -> provider.format(TestConfig.dcpm(mp, DEV).build())).getMessage());
    }

    @Test
    public void dcpmDeviceMountedElsewhereIs108() throws Exception {
        backend.probeOutput = DEV + ": data";
        backend.mounts.put("/elsewhere", "1:3");
        StorageException e = expectFailure(() -> provider.format(TestConfig.dcpm(mp, DEV).build()));
        assertEquals(DEV + ": scm: code = 108 description = \"request included already-mounted device\"", e.getMessage());
        assertEquals(108, e.fault().orElseThrow().code());
    }

    @Test
    public void dcpmNotRootIsRefusedWithResolution() {
        backend.euid = 1000;
        backend.probeOutput = DEV + ": data";
        StorageException e = expectFailure(() -> provider.format(TestConfig.dcpm(mp, DEV).build()));
        assertTrue(e.getMessage(), e.getMessage().contains("needs root: daos_server runs as uid 1000"));
        assertEquals("scm: code = 210 resolution = \"run daos_server as root to format and mount dcpm SCM\"",
                e.resolutionLine());
        assertFalse(backend.calls.contains("mkfs " + DEV + " force=true"));
    }

    @Test
    public void dcpmMountAtStart() throws Exception {
        provider.mount(TestConfig.dcpm(mp, DEV).build());
        assertEquals(List.of("mount " + DEV + " " + mp + " ext4 1024 dax,nodelalloc"), backend.calls);
    }

    // ---- mount usage

    @Test
    public void usageOfAnAbsentOrUnmountedMountPointIsNotMountedWithoutStatvfs() throws Exception {
        assertEquals(new ScmMountUsage(mp, false, 0, 0), provider.usage(TestConfig.ram(mp, 2).build()));
        Files.createDirectories(Path.of(mp));
        assertEquals(new ScmMountUsage(mp, false, 0, 0), provider.usage(TestConfig.dcpm(mp, "/dev/pmem0").build()));
        assertEquals(List.of(), backend.calls);
    }

    @Test
    public void usageOfAMountedMountPointIsItsStatvfs() throws Exception {
        provider.format(TestConfig.ram(mp, 2).build());
        backend.statvfs.put(mp, new ScmBackend.FsUsage(2L << 30, (2L << 30) - 4096));
        backend.calls.clear();
        assertEquals(new ScmMountUsage(mp, true, 2L << 30, (2L << 30) - 4096),
                provider.usage(TestConfig.ram(mp, 2).build()));
        assertEquals(List.of("statvfs " + mp), backend.calls);
    }

    @Test
    public void usageOfADevelopmentModeDirectoryIsNotMounted() throws Exception {
        backend.euid = 1000;
        IOServerConfig c = TestConfig.ram(mp, 1).build();
        provider.format(c);
        assertFalse(provider.needsFormat(c)); // counts as formatted for start-up
        assertEquals(new ScmMountUsage(mp, false, 0, 0), provider.usage(c)); // but holds no filesystem of its own
    }

    @Test
    public void usageNeedsAMountPoint() {
        assertEquals(213, expectFailure(() -> provider.usage(TestConfig.ram("", 1).build())).fault().orElseThrow().code());
    }

    @Test
    public void usageFailures() throws Exception {
        Files.createDirectories(Path.of(mp));
        backend.mountInfoError = new java.io.IOException("mountinfo: permission denied");
        assertEquals("failed to check if " + mp + " is mounted: mountinfo: permission denied",
                expectFailure(() -> provider.usage(TestConfig.ram(mp, 1).build())).getMessage());
        backend.mountInfoError = null;
        backend.mounts.put(mp, "0:50");
        assertEquals("statvfs " + mp + ": no such file or directory",
                expectFailure(() -> provider.usage(TestConfig.ram(mp, 1).build())).getMessage());
        backend.statvfsError = new ScmBackend.ErrnoException(5, "input/output error");
        assertEquals("statvfs " + mp + ": input/output error",
                expectFailure(() -> provider.usage(TestConfig.ram(mp, 1).build())).getMessage());
    }

    @Test
    public void usageOfAFileIsNotAValidMountTarget() throws Exception {
        Files.createDirectories(Path.of(mp).getParent());
        Files.writeString(Path.of(mp), "x");
        assertEquals("failed to check if " + mp + " is mounted: not a valid mount target: \"" + mp + "\"",
                expectFailure(() -> provider.usage(TestConfig.ram(mp, 1).build())).getMessage());
    }
}
