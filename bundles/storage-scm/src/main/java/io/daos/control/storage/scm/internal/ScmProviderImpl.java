package io.daos.control.storage.scm.internal;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ScmClass;
import io.daos.control.api.fault.Fault;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.storage.MountTable;
import io.daos.control.api.storage.ScmMountUsage;
import io.daos.control.api.storage.ScmPrepareResult;
import io.daos.control.api.storage.ScmProvider;
import io.daos.control.api.storage.ScmScan;
import io.daos.control.api.storage.ScmState;
import io.daos.control.api.storage.StorageException;

/**
 * The SCM provider of SPEC-SERVER §4.5/§4.6 over a {@link ScmBackend}, and the SCM scan and
 * prepare of §4.3/§4.4 over a {@link PmemBackend} ({@link ScmInventory}).
 *
 * <p><b>Development mode.</b> When daos_server is not root, or mount(2) answers EPERM, a
 * {@code ram} SCM cannot be a real tmpfs: the provider then uses a plain directory at
 * {@code scm_mount}, marked with {@link #DEV_MODE_MARKER}, and logs a loud warning (no size
 * enforcement, contents survive restarts). Such a marked directory counts as formatted and
 * mounted. {@code dcpm} is refused with a fault naming the fix.
 */
public final class ScmProviderImpl implements ScmProvider {

    /** Marker file of a development-mode (unmounted directory) ram SCM. */
    public static final String DEV_MODE_MARKER = ".daos_control_unmanaged_scm";

    private static final Logger LOG = Logger.getLogger(ScmProviderImpl.class.getName());
    private static final String UNSUPPORTED = "operation unsupported on scm class";
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFDIR = 0040000;

    private final ScmBackend backend;
    private final ScmInventory inventory;
    private final Object lock = new Object();

    /** Format/mount over {@code backend}; scan/prepare over the real libipmctl/ndctl/ipmctl backend. */
    ScmProviderImpl(ScmBackend backend) {
        this(backend, new IpmctlPmemBackend());
    }

    ScmProviderImpl(ScmBackend backend, PmemBackend pmem) {
        this.backend = backend;
        this.inventory = new ScmInventory(pmem, new ScmInventory.Mounts() {
            @Override
            public List<String> mountPointsOf(String device) throws IOException {
                return ScmProviderImpl.this.mountPointsOf(device);
            }

            @Override
            public void unmount(String mountPoint) throws IOException {
                synchronized (lock) {
                    backend.unmount(mountPoint, 0);
                }
            }
        });
    }

    /** The format request of §4.5, built from an instance config. */
    record Request(String mountPoint, ScmClass scmClass, int ramSize, String device) {
    }

    Request request(IOServerConfig c) throws StorageException {
        switch (c.scmClass()) {
            case RAM:
                return new Request(c.scmMount(), ScmClass.RAM, c.scmSize(), null);
            case DCPM:
                List<String> list = c.scmList();
                if (list == null || list.size() != 1) {
                    throw new StorageException(Faults.SCM_FORMAT_INVALID_DEVICE_COUNT);
                }
                return new Request(c.scmMount(), ScmClass.DCPM, 0, list.get(0));
            default:
                throw new StorageException(UNSUPPORTED);
        }
    }

    private static void validate(Request r) throws StorageException {
        if (r.mountPoint() == null || r.mountPoint().isEmpty()) {
            throw new StorageException(Faults.SCM_FORMAT_MISSING_MOUNTPOINT);
        }
        if (r.scmClass() == ScmClass.RAM && r.ramSize() <= 0) {
            throw new StorageException(Faults.SCM_FORMAT_INVALID_SIZE);
        }
        if (r.scmClass() == ScmClass.DCPM && (r.device() == null || r.device().isEmpty())) {
            throw new StorageException(Faults.SCM_FORMAT_INVALID_DEVICE_COUNT);
        }
    }

    @Override
    public void checkRequest(IOServerConfig config) throws StorageException {
        request(config);
    }

    @Override
    public ScmState check(IOServerConfig config) throws StorageException {
        Request r = request(config);
        synchronized (lock) {
            return check(r);
        }
    }

    private ScmState check(Request r) throws StorageException {
        validate(r);
        String mp = r.mountPoint();
        boolean mounted = checkMounted(mp);
        if (mounted || (r.scmClass() == ScmClass.RAM && isDevMode(mp))) {
            return new ScmState(mp, true, true, false);
        }
        if (r.scmClass() == ScmClass.RAM) {
            return new ScmState(mp, false, false, false);
        }
        String fs = filesystem(r.device());
        if (fs == null) {
            return new ScmState(mp, false, false, false);
        }
        return new ScmState(mp, true, false, "ext4".equals(fs));
    }

    /** The filesystem type on a dcpm device, null when none (§4.5 check step 3). */
    private String filesystem(String device) throws StorageException {
        deviceAttributes(device);
        String out;
        try {
            out = backend.probeFilesystem(device);
        } catch (IOException e) {
            throw new StorageException(msg(e), e);
        }
        if (out.equals(device + ": data")) {
            return null;
        }
        String[] words = out.trim().split("\\s+");
        if (words.length < 5) {
            throw new StorageException("unable to determine fs type from \"" + out + "\"");
        }
        return words[4];
    }

    /** mode/rdev of a dcpm device; 214 when absent, an error when not a device node. */
    private static Map<String, Object> deviceAttributes(String device) throws StorageException {
        Map<String, Object> attrs;
        try {
            attrs = Files.readAttributes(Path.of(device), "unix:mode,rdev");
        } catch (NoSuchFileException e) {
            throw new StorageException(Faults.scmFormatMissingDevice(device));
        } catch (IOException | UnsupportedOperationException e) {
            throw new StorageException("stat " + device + ": " + e.getMessage(), e);
        }
        int type = ((Integer) attrs.get("mode")) & S_IFMT;
        if (type != S_IFBLK && type != S_IFCHR) {
            throw new StorageException(device + " is not a device file");
        }
        return attrs;
    }

    @Override
    public ScmState format(IOServerConfig config) throws StorageException {
        Request r = request(config);
        synchronized (lock) {
            ScmState before = check(r);
            String mp = r.mountPoint();
            clear(mp, before.mounted() && !isDevMode(mp));
            if (r.scmClass() == ScmClass.RAM) {
                mountRam(r, true);
            } else {
                formatDcpm(r);
            }
            chown(mp);
            return new ScmState(mp, true, true, false);
        }
    }

    private void clear(String mp, boolean unmount) throws StorageException {
        try {
            if (unmount) {
                backend.unmount(mp, 0);
            }
            Path p = Path.of(mp).toAbsolutePath().normalize();
            if (p.getParent() == null) {
                throw new IOException("refusing to remove " + p);
            }
            deleteRecursively(p);
        } catch (IOException e) {
            throw new StorageException("failed to clear existing mount: " + msg(e), e);
        }
    }

    private void mkdirMountPoint(String mp) throws StorageException {
        try {
            Path p = Path.of(mp);
            if (!Files.isDirectory(p)) {
                Files.createDirectories(p, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            if (mounted(mp)) {
                throw new StorageException(Faults.STORAGE_TARGET_ALREADY_MOUNTED);
            }
        } catch (IOException e) {
            throw new StorageException("failed to create mountpoint " + mp + ": " + msg(e), e);
        }
    }

    /** tmpfs at the mount point, or the development-mode directory when mounting is not allowed. */
    private void mountRam(Request r, boolean fresh) throws StorageException {
        String mp = r.mountPoint();
        mkdirMountPoint(mp);
        if (backend.euid() != 0) {
            devMode(mp, "daos_server runs as uid " + backend.euid() + ", not root");
            return;
        }
        try {
            backend.mount("tmpfs", mp, "tmpfs", ScmBackend.MS_NOATIME, "size=" + r.ramSize() + "g");
        } catch (ScmBackend.ErrnoException e) {
            if (e.errno() == ScmBackend.EPERM) {
                devMode(mp, "mount(2) of tmpfs was refused (EPERM: no CAP_SYS_ADMIN)");
                return;
            }
            throw new StorageException("mount tmpfs->" + mp + " failed: " + msg(e), e);
        } catch (IOException e) {
            throw new StorageException("mount tmpfs->" + mp + " failed: " + msg(e), e);
        }
        if (fresh) {
            LOG.fine(() -> "tmpfs of " + r.ramSize() + "GiB mounted at " + mp);
        }
    }

    private void devMode(String mp, String why) throws StorageException {
        try {
            Files.writeString(Path.of(mp, DEV_MODE_MARKER),
                    "development mode: plain directory, not a tmpfs; no size enforcement\n");
        } catch (IOException e) {
            throw new StorageException("failed to create mountpoint " + mp + ": " + msg(e), e);
        }
        LOG.warning("\n************************************************************************\n"
                + "*** SCM DEVELOPMENT MODE: " + why + ".\n"
                + "*** scm_mount " + mp + " is a PLAIN DIRECTORY, not a tmpfs: no size\n"
                + "*** enforcement, contents survive restarts. Run daos_server as root\n"
                + "*** (with CAP_SYS_ADMIN) for a real ram SCM.\n"
                + "************************************************************************");
    }

    private boolean isDevMode(String mp) {
        return Files.isRegularFile(Path.of(mp, DEV_MODE_MARKER));
    }

    private void requireRoot(String what) throws StorageException {
        int uid = backend.euid();
        if (uid != 0) {
            throw new StorageException(new Fault(Faults.DOMAIN_SCM, Faults.CODE_SCM_UNKNOWN,
                    what + " needs root: daos_server runs as uid " + uid,
                    "run daos_server as root to format and mount dcpm SCM"));
        }
    }

    private void requireDeviceNotMounted(String device) throws StorageException {
        boolean mounted = checkMounted(device);
        if (mounted) {
            Fault f = Faults.STORAGE_DEVICE_ALREADY_MOUNTED;
            throw new StorageException(device + ": " + f, f, null);
        }
    }

    private void formatDcpm(Request r) throws StorageException {
        requireDeviceNotMounted(r.device());
        requireRoot("formatting dcpm device " + r.device());
        try {
            backend.mkfsExt4(r.device(), true);
        } catch (IOException e) {
            throw new StorageException("failed to format " + r.device() + ": " + msg(e), e);
        }
        mountDcpm(r);
    }

    private void mountDcpm(Request r) throws StorageException {
        String mp = r.mountPoint();
        mkdirMountPoint(mp);
        try {
            backend.mount(r.device(), mp, "ext4", ScmBackend.MS_NOATIME, "dax,nodelalloc");
        } catch (IOException e) {
            throw new StorageException("mount " + r.device() + "->" + mp + " failed: " + msg(e), e);
        }
    }

    private void chown(String mp) throws StorageException {
        int uid = backend.euid();
        int gid = backend.egid();
        try {
            backend.chown(mp, uid, gid);
        } catch (IOException | UnsupportedOperationException e) {
            throw new StorageException("failed to set ownership of " + mp + " to " + uid + "." + gid
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void mount(IOServerConfig config) throws StorageException {
        Request r = request(config);
        synchronized (lock) {
            try {
                String mp = r.mountPoint();
                if (mp == null || mp.isEmpty()) {
                    throw new StorageException(Faults.SCM_FORMAT_MISSING_MOUNTPOINT);
                }
                boolean mounted = checkMounted(mp);
                if (mounted || (r.scmClass() == ScmClass.RAM && isDevMode(mp))) {
                    return;
                }
                if (r.scmClass() == ScmClass.RAM) {
                    validate(r);
                    mountRam(r, false);
                } else {
                    validate(r);
                    deviceAttributes(r.device());
                    requireDeviceNotMounted(r.device());
                    requireRoot("mounting dcpm device " + r.device());
                    mountDcpm(r);
                }
            } catch (StorageException e) {
                throw e.withContext("failed to mount SCM device: mounting existing scm dir");
            }
        }
    }

    @Override
    public boolean isMounted(String target) throws StorageException {
        try {
            return mounted(target);
        } catch (IOException e) {
            throw new StorageException(msg(e), e);
        }
    }

    @Override
    public ScmMountUsage usage(IOServerConfig config) throws StorageException {
        String mp = config.scmMount();
        if (mp == null || mp.isEmpty()) {
            throw new StorageException(Faults.SCM_FORMAT_MISSING_MOUNTPOINT);
        }
        synchronized (lock) {
            boolean mounted = checkMounted(mp);
            if (!mounted) {
                return ScmMountUsage.notMounted(mp);
            }
            try {
                ScmBackend.FsUsage u = backend.statvfs(mp);
                return new ScmMountUsage(mp, true, u.totalBytes(), u.availableBytes());
            } catch (IOException e) {
                throw new StorageException("statvfs " + mp + ": " + msg(e), e);
            }
        }
    }

    @Override
    public ScmScan scan() throws StorageException {
        return inventory.scan();
    }

    @Override
    public ScmPrepareResult prepare(boolean reset) throws StorageException {
        return inventory.prepare(reset);
    }

    /** The scan/prepare part (tests reach its cache through it). */
    ScmInventory inventory() {
        return inventory;
    }

    /** Mount points of a device node (by major:minor, §4.6); empty when absent or not mounted. */
    List<String> mountPointsOf(String device) throws IOException {
        Map<String, Object> attrs;
        try {
            attrs = backend.stat(device);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        int type = ((Integer) attrs.get("mode")) & S_IFMT;
        if (type != S_IFBLK && type != S_IFCHR) {
            throw new IOException(device + " is not a device file");
        }
        long rdev = (Long) attrs.get("rdev");
        return MountTable.parse(backend.mountInfo()).mountPointsOf(MountTable.majorMinor(rdev));
    }

    /** §4.6: directory by mount point, device node by major:minor; absent → false. */
    /** {@link #mounted(String)}, failures as {@code failed to check if <target> is mounted: <err>}. */
    private boolean checkMounted(String target) throws StorageException {
        try {
            return mounted(target);
        } catch (IOException e) {
            throw new StorageException("failed to check if " + target + " is mounted: " + msg(e), e);
        }
    }

    boolean mounted(String target) throws IOException {
        Path p = Path.of(target);
        Map<String, Object> attrs;
        try {
            attrs = backend.stat(target);
        } catch (NoSuchFileException e) {
            return false;
        }
        int type = ((Integer) attrs.get("mode")) & S_IFMT;
        MountTable table = MountTable.parse(backend.mountInfo());
        if (type == S_IFDIR) {
            return table.isMountPoint(p.toAbsolutePath().normalize().toString());
        }
        if (type == S_IFBLK || type == S_IFCHR) {
            long rdev = (Long) attrs.get("rdev");
            return table.hasDevice(MountTable.majorMinor(rdev));
        }
        throw new IOException("not a valid mount target: \"" + target + "\"");
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                try {
                    Files.delete(dir);
                } catch (DirectoryNotEmptyException e) {
                    throw new IOException("directory not empty: " + dir, e);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String msg(Throwable e) {
        String m = e.getMessage();
        if (e instanceof NoSuchFileException) {
            return m + ": no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return m + ": permission denied";
        }
        return m == null ? e.toString() : m;
    }
}
