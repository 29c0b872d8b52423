package io.daos.control.storage.nvme.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;

import io.daos.control.api.storage.NvmeHealth;
import io.daos.control.jna.LibC;
import io.daos.control.jna.LibraryNotInstalledException;
import io.daos.control.jna.NativeLibraries;

/**
 * Health through the Linux NVMe admin passthrough: {@code ioctl(fd, NVME_IOCTL_ADMIN_CMD, struct
 * nvme_admin_cmd)} with Get Log Page (opcode 02h) for the SMART / Health Information page on the
 * controller's character device {@code <devRoot>/nvmeX}. Needs root (CAP_SYS_ADMIN) and a
 * controller bound to the kernel {@code nvme} driver; anything else gives null.
 */
final class IoctlHealthReader implements HealthReader {

    private static final Logger LOG = Logger.getLogger(IoctlHealthReader.class.getName());

    /** {@code _IOWR('N', 0x41, struct nvme_admin_cmd)} with the 72-byte struct. */
    static final long NVME_IOCTL_ADMIN_CMD = ioc(3, 'N', 0x41, AdminCmd.SIZE);

    private static final int OPC_GET_LOG_PAGE = 0x02;
    private static final int NSID_ALL = 0xffff_ffff;

    private final Path devRoot;

    /** @param devRoot where the controller character devices are, normally {@code /dev} */
    IoctlHealthReader(Path devRoot) {
        this.devRoot = devRoot;
    }

    /** Linux {@code _IOC(dir, type, nr, size)}. */
    static long ioc(int dir, char type, int nr, int size) {
        return ((long) dir << 30) | ((long) size << 16) | ((long) type << 8) | nr;
    }

    /**
     * The Get Log Page command for the whole SMART page: NSID FFFFFFFFh (controller scope),
     * CDW10 = log id | (number of dwords − 1) &lt;&lt; 16.
     */
    static byte[] getSmartLogCommand(long bufferAddress) {
        AdminCmd c = new AdminCmd();
        c.opcode = OPC_GET_LOG_PAGE;
        c.nsid = NSID_ALL;
        c.addr = bufferAddress;
        c.dataLen = SmartLog.SIZE;
        c.cdw10 = SmartLog.LOG_ID | ((SmartLog.SIZE / 4 - 1) << 16);
        return c.bytes();
    }

    @Override
    public NvmeHealth read(String ctrlName) {
        Path dev = devRoot.resolve(ctrlName);
        if (!Files.exists(dev)) {
            LOG.fine(() -> "no health for " + ctrlName + ": " + dev + " does not exist");
            return null;
        }
        LibC libc;
        try {
            libc = NativeLibraries.libc();
        } catch (LibraryNotInstalledException e) {
            LOG.fine(() -> "no health for " + ctrlName + ": " + e.getMessage());
            return null;
        }
        int fd;
        try {
            fd = libc.open(dev.toString(), LibC.O_RDONLY);
        } catch (LastErrorException e) {
            LOG.fine(() -> "no health for " + ctrlName + ": open " + dev + ": " + libc.strerror(e.getErrorCode()));
            return null;
        }
        try (Memory page = new Memory(SmartLog.SIZE); Memory cmd = new Memory(AdminCmd.SIZE)) {
            page.clear();
            byte[] c = getSmartLogCommand(com.sun.jna.Pointer.nativeValue(page));
            cmd.write(0, c, 0, c.length);
            int rc = libc.ioctl(fd, new NativeLong(NVME_IOCTL_ADMIN_CMD), cmd);
            if (rc != 0) {
                LOG.fine(() -> "no health for " + ctrlName + ": get log page status 0x" + Integer.toHexString(rc));
                return null;
            }
            return SmartLog.parse(page.getByteArray(0, SmartLog.SIZE));
        } catch (LastErrorException e) {
            LOG.fine(() -> "no health for " + ctrlName + ": ioctl: " + libc.strerror(e.getErrorCode()));
            return null;
        } finally {
            try {
                libc.close(fd);
            } catch (LastErrorException e) {
                LOG.fine(() -> "close " + dev + ": " + libc.strerror(e.getErrorCode()));
            }
        }
    }

    /**
     * {@code struct nvme_admin_cmd} (= {@code nvme_passthru_cmd}, linux/nvme_ioctl.h), 72 bytes:
     * opcode u8 @0, flags u8 @1, rsvd1 u16 @2, nsid u32 @4, cdw2 @8, cdw3 @12, metadata u64 @16,
     * addr u64 @24, metadata_len u32 @32, data_len u32 @36, cdw10..cdw15 u32 @40..60,
     * timeout_ms u32 @64, result u32 @68. Host byte order (little-endian on x86_64/aarch64).
     */
    static final class AdminCmd {
        static final int SIZE = 72;
        int opcode;
        int nsid;
        long addr;
        int dataLen;
        int cdw10;

        byte[] bytes() {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(SIZE).order(java.nio.ByteOrder.nativeOrder());
            b.put(0, (byte) opcode);
            b.putInt(4, nsid);
            b.putLong(24, addr);
            b.putInt(36, dataLen);
            b.putInt(40, cdw10);
            return b.array();
        }
    }
}
