package io.daos.control.jna;

import java.nio.charset.StandardCharsets;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * libfabric (Debian {@code libfabric1}, runtime object {@code libfabric.so.1}): the discovery calls
 * of the fabric scan (SPEC-SERVER §5.2). Obtain through {@link #load()}.
 *
 * <p>{@code struct fi_info} and its attribute structs are read through {@link Pointer} offsets
 * rather than JNA Structures (only a handful of fields are needed and the structs are large).
 * The offsets are those of {@code <rdma/fabric.h>} (libfabric 1.x, checked against 1.17) on an LP64
 * platform (x86_64, aarch64: pointers and {@code size_t} 8 bytes):
 *
 * <pre>
 * struct fi_info {                    struct fi_fabric_attr {        struct fi_domain_attr {
 *   0  struct fi_info *next;            0  struct fid_fabric *fabric;   0  struct fid_domain *domain;
 *   8  uint64_t caps;                   8  char *name;                  8  char *name;
 *  16  uint64_t mode;                  16  char *prov_name;              ... (not read)
 *  24  uint32_t addr_format; (+pad)    24  uint32_t prov_version;     }
 *  32  size_t src_addrlen;             28  uint32_t api_version;
 *  40  size_t dest_addrlen;          }
 *  48  void *src_addr;
 *  56  void *dest_addr;
 *  64  fid_t handle;
 *  72  struct fi_tx_attr *tx_attr;
 *  80  struct fi_rx_attr *rx_attr;
 *  88  struct fi_ep_attr *ep_attr;
 *  96  struct fi_domain_attr *domain_attr;
 * 104  struct fi_fabric_attr *fabric_attr;
 * 112  struct fid_nic *nic;
 * }
 * </pre>
 *
 * The psm2 provider's source address is a {@code psmx2_ep_name} ({@code uint64 epid; uint8 type;
 * int8 unit; ...}): the HFI unit is the signed byte at offset 9, −1 meaning "any unit".
 * {@code LibFabricTest} checks the offsets against the installed library.
 *
 * <p><b>Signal handlers.</b> Debian's libfabric1 links the PSM provider's {@code libinfinipath.so.4}
 * (package libpsm-infinipath1), whose load-time constructor replaces the process's SIGSEGV,
 * SIGBUS, SIGILL, SIGINT, SIGTERM and SIGABRT handlers with its own backtrace printer
 * ({@code "java:<pid> terminated with signal 11 at PC=..."}, exit 1). In a JVM that kills the
 * process at the first SIGSEGV the JVM uses internally (implicit null checks, safepoints) and
 * bypasses the shutdown hooks on SIGTERM. The library skips this when {@code IPATH_NO_BACKTRACE}
 * is set, so {@link #load()} sets it (libc {@code setenv}, not overwriting an existing value)
 * before the first dlopen. Load libfabric only through {@link #load()}.
 */
public interface LibFabric extends Library {

    /** {@code FI_ENODATA}: no record matches the hints (fi_getinfo returns its negative). */
    int FI_ENODATA = 61;

    /** The API version DAOS v1.0 asks for: {@code FI_VERSION(1, 7)}. */
    int API_VERSION_1_7 = version(1, 7);

    /** Offset of {@code fi_info.next}. */
    long INFO_NEXT = 0;
    /** Offset of {@code fi_info.src_addrlen}. */
    long INFO_SRC_ADDRLEN = 32;
    /** Offset of {@code fi_info.src_addr}. */
    long INFO_SRC_ADDR = 48;
    /** Offset of {@code fi_info.domain_attr}. */
    long INFO_DOMAIN_ATTR = 96;
    /** Offset of {@code fi_info.fabric_attr}. */
    long INFO_FABRIC_ATTR = 104;
    /** Offset of {@code fi_domain_attr.name}. */
    long DOMAIN_ATTR_NAME = 8;
    /** Offset of {@code fi_fabric_attr.name}. */
    long FABRIC_ATTR_NAME = 8;
    /** Offset of {@code fi_fabric_attr.prov_name}. */
    long FABRIC_ATTR_PROV_NAME = 16;
    /** Offset of the signed HFI unit byte in psm2's {@code psmx2_ep_name} source address. */
    long PSMX2_EP_NAME_UNIT = 9;

    /**
     * Loads libfabric (once per JVM).
     *
     * @throws LibraryNotInstalledException libfabric1 is not installed
     */
    static LibFabric load() throws LibraryNotInstalledException {
        FabricLibC.keepSignalHandlers();
        return NativeLibraries.load(LibFabric.class, "libfabric", "libfabric1", "libfabric.so.1", "fabric");
    }

    /** {@code FI_VERSION(major, minor)}. */
    static int version(int major, int minor) {
        return (major << 16) | minor;
    }

    /**
     * fi_getinfo(3).
     *
     * @param version API version, e.g. {@link #API_VERSION_1_7}
     * @param node    node name or null
     * @param service service or null
     * @param flags   {@code FI_*} flags, usually 0
     * @param hints   a {@code struct fi_info *} from {@link #fi_dupinfo(Pointer)} or null
     * @param info    receives the record list, to be freed with {@link #fi_freeinfo(Pointer)}
     * @return 0, or a negative {@code FI_E*} code ({@code -FI_ENODATA}: no records)
     */
    int fi_getinfo(int version, String node, String service, long flags, Pointer hints, PointerByReference info);

    /** fi_freeinfo(3): frees a record list and every string and attribute it owns. */
    void fi_freeinfo(Pointer info);

    /** fi_dupinfo(3); {@code fi_dupinfo(null)} is {@code fi_allocinfo()} (a header macro). */
    Pointer fi_dupinfo(Pointer info);

    /** fi_strerror(3) of a positive {@code FI_E*} code. */
    String fi_strerror(int errnum);

    // ---- struct access (offsets documented above) ----

    /** {@code info->next}, null at the end of the list. */
    static Pointer next(Pointer info) {
        return info.getPointer(INFO_NEXT);
    }

    /** {@code info->fabric_attr->prov_name}, or null when either is null. */
    static String providerName(Pointer info) {
        return string(info.getPointer(INFO_FABRIC_ATTR), FABRIC_ATTR_PROV_NAME);
    }

    /** {@code info->fabric_attr->name}, or null when either is null. */
    static String fabricName(Pointer info) {
        return string(info.getPointer(INFO_FABRIC_ATTR), FABRIC_ATTR_NAME);
    }

    /** {@code info->domain_attr->name}, or null when either is null. */
    static String domainName(Pointer info) {
        return string(info.getPointer(INFO_DOMAIN_ATTR), DOMAIN_ATTR_NAME);
    }

    /** {@code info->src_addr}, or null. */
    static Pointer sourceAddress(Pointer info) {
        return info.getPointer(INFO_SRC_ADDR);
    }

    /** {@code info->src_addrlen}. */
    static long sourceAddressLength(Pointer info) {
        return info.getLong(INFO_SRC_ADDRLEN);
    }

    /**
     * The HFI unit of a psm2 record's source address ({@code psmx2_ep_name.unit}; −1 = any).
     *
     * @return the unit, or null when the record has no source address (or one too short)
     */
    static Integer psm2Unit(Pointer info) {
        Pointer addr = sourceAddress(info);
        if (addr == null || sourceAddressLength(info) <= PSMX2_EP_NAME_UNIT) {
            return null;
        }
        return (int) addr.getByte(PSMX2_EP_NAME_UNIT);
    }

    /**
     * Sets {@code hints->fabric_attr->prov_name} to a copy of {@code provider} in memory from the C
     * allocator ({@code malloc}, as strdup would), because {@link #fi_freeinfo(Pointer)} frees it.
     * Any previous value is freed.
     *
     * @param hints    hints from {@code fi_dupinfo(null)} (its fabric_attr is allocated)
     * @param provider libfabric provider name, e.g. {@code tcp;ofi_rxm}
     * @throws IllegalStateException the hints have no fabric_attr, or malloc failed
     */
    static void setProviderName(Pointer hints, String provider) {
        Pointer attr = hints.getPointer(INFO_FABRIC_ATTR);
        if (attr == null) {
            throw new IllegalStateException("fi_info hints without fabric_attr");
        }
        byte[] bytes = provider.getBytes(StandardCharsets.UTF_8);
        long peer = Native.malloc(bytes.length + 1L);
        if (peer == 0) {
            throw new IllegalStateException("malloc failed");
        }
        Pointer copy = new Pointer(peer);
        copy.write(0, bytes, 0, bytes.length);
        copy.setByte(bytes.length, (byte) 0);
        Pointer old = attr.getPointer(FABRIC_ATTR_PROV_NAME);
        attr.setPointer(FABRIC_ATTR_PROV_NAME, copy);
        if (old != null) {
            Native.free(Pointer.nativeValue(old));
        }
    }

    private static String string(Pointer struct, long offset) {
        if (struct == null) {
            return null;
        }
        Pointer s = struct.getPointer(offset);
        return s == null ? null : s.getString(0, StandardCharsets.UTF_8.name());
    }
}

/** The one libc call {@link LibFabric#load()} needs before the first dlopen of libfabric. */
interface FabricLibC extends Library {

    /** setenv(3). */
    int setenv(String name, String value, int overwrite);

    /**
     * Sets {@code IPATH_NO_BACKTRACE=1} in the process environment (unless set) so that
     * libinfinipath leaves the JVM's signal handlers alone (see {@link LibFabric}). Harmless when
     * libfabric is already loaded or libc cannot be loaded (the load itself then reports).
     */
    static void keepSignalHandlers() {
        try {
            NativeLibraries.load(FabricLibC.class, "libc", "libc6", "c", "libc.so.6")
                    .setenv("IPATH_NO_BACKTRACE", "1", 0);
        } catch (LibraryNotInstalledException e) {
            // no libc through JNA: loading libfabric fails the same way and says so
        }
    }
}
