package io.daos.control.api.fault;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fault catalogue of the DAOS v1.0 reference (SPEC-SERVER §7, WIRE.md §5.7): domain names,
 * codes, fixed faults as constants and factories for faults whose text has placeholders.
 * {@link #catalogue()} lists every known code with its reference text (placeholders in
 * {@code <angle brackets>}) so other bundles can reuse them as data.
 */
public final class Faults {

    /** Domain of the privileged helper faults. */
    public static final String DOMAIN_PBIN = "pbin";
    /** Domain of SCM faults. */
    public static final String DOMAIN_SCM = "scm";
    /** Domain of generic storage faults. */
    public static final String DOMAIN_STORAGE = "storage";
    /** Domain of block-device faults. */
    public static final String DOMAIN_BDEV = "bdev";
    /** Domain of system membership faults. */
    public static final String DOMAIN_SYSTEM = "system";
    /** Domain of client-side faults. */
    public static final String DOMAIN_CLIENT = "client";
    /** Domain of control-server faults. */
    public static final String DOMAIN_SERVER = "server";
    /** Domain of SPDK binding faults. */
    public static final String DOMAIN_SPDK = "spdk";
    /** Domain of security faults. */
    public static final String DOMAIN_SECURITY = "security";
    /** Fabric scan (beyond the reference: its netdetect errors are not faults). */
    public static final String DOMAIN_NETWORK = "network";

    // ---- codes (Go iota values, not round hundreds) ----
    /** Unknown fault. */
    public static final int CODE_UNKNOWN = 0;
    /** ndctl missing. */
    public static final int CODE_MISSING_SOFTWARE_DEPENDENCY = 1;
    /** Helper not root. */
    public static final int CODE_PRIVILEGED_HELPER_NOT_PRIVILEGED = 2;
    /** Helper missing. */
    public static final int CODE_PRIVILEGED_HELPER_NOT_AVAILABLE = 3;
    /** Helper request failed. */
    public static final int CODE_PRIVILEGED_HELPER_REQUEST_FAILED = 4;
    /** Storage unknown (not produced). */
    public static final int CODE_STORAGE_UNKNOWN = 105;
    /** Already formatted. */
    public static final int CODE_STORAGE_ALREADY_FORMATTED = 106;
    /** Filesystem already mounted (not produced). */
    public static final int CODE_STORAGE_FILESYSTEM_ALREADY_MOUNTED = 107;
    /** Device already mounted. */
    public static final int CODE_STORAGE_DEVICE_ALREADY_MOUNTED = 108;
    /** Target already mounted. */
    public static final int CODE_STORAGE_TARGET_ALREADY_MOUNTED = 109;
    /** Unknown SCM error. */
    public static final int CODE_SCM_UNKNOWN = 210;
    /** SCM format size invalid. */
    public static final int CODE_SCM_FORMAT_INVALID_SIZE = 211;
    /** SCM format device count invalid. */
    public static final int CODE_SCM_FORMAT_INVALID_DEVICE_COUNT = 212;
    /** SCM format missing mount point. */
    public static final int CODE_SCM_FORMAT_MISSING_MOUNTPOINT = 213;
    /** SCM device does not exist. */
    public static final int CODE_SCM_FORMAT_MISSING_DEVICE = 214;
    /** SCM format missing parameter. */
    public static final int CODE_SCM_FORMAT_MISSING_PARAM = 215;
    /** SCM format conflicting parameters. */
    public static final int CODE_SCM_FORMAT_CONFLICTING_PARAM = 216;
    /** SCM module discovery failed. */
    public static final int CODE_SCM_DISCOVERY_FAILED = 217;
    /** Unknown bdev error. */
    public static final int CODE_BDEV_UNKNOWN = 318;
    /** Unhandled bdev class. */
    public static final int CODE_BDEV_FORMAT_UNKNOWN_CLASS = 319;
    /** NVMe format failure. */
    public static final int CODE_BDEV_FORMAT_FAILURE = 320;
    /** Bad PCI address. */
    public static final int CODE_BDEV_FORMAT_BAD_PCI_ADDRESS = 321;
    /** System unknown (not produced). */
    public static final int CODE_SYSTEM_UNKNOWN = 422;
    /** Member exists. */
    public static final int CODE_SYSTEM_MEMBER_EXISTS = 423;
    /** Member missing. */
    public static final int CODE_SYSTEM_MEMBER_MISSING = 424;
    /** Member changed (not produced). */
    public static final int CODE_SYSTEM_MEMBER_CHANGED = 425;
    /** Client unknown. */
    public static final int CODE_CLIENT_UNKNOWN = 526;
    /** Client config bad control port. */
    public static final int CODE_CLIENT_CONFIG_BAD_CONTROL_PORT = 527;
    /** Client config bad access points. */
    public static final int CODE_CLIENT_CONFIG_BAD_ACCESS_POINTS = 528;
    /** Unknown control server error. */
    public static final int CODE_SERVER_UNKNOWN = 629;
    /** Insufficient information in configuration. */
    public static final int CODE_SERVER_BAD_CONFIG = 630;
    /** Configuration file path not set. */
    public static final int CODE_SERVER_NO_CONFIG_PATH = 631;
    /** Invalid control port. */
    public static final int CODE_SERVER_CONFIG_BAD_CONTROL_PORT = 632;
    /** Invalid access points. */
    public static final int CODE_SERVER_CONFIG_BAD_ACCESS_POINTS = 633;
    /** Provider missing. */
    public static final int CODE_SERVER_CONFIG_BAD_PROVIDER = 634;
    /** No I/O servers. */
    public static final int CODE_SERVER_CONFIG_NO_SERVERS = 635;
    /** SCM mount point unmanaged. */
    public static final int CODE_SERVER_SCM_UNMANAGED = 636;
    /** NVMe SSDs not found. */
    public static final int CODE_SERVER_BDEV_NOT_FOUND = 637;
    /** Duplicate fabric configuration. */
    public static final int CODE_SERVER_CONFIG_DUPLICATE_FABRIC = 638;
    /** Duplicate log_file. */
    public static final int CODE_SERVER_CONFIG_DUPLICATE_LOG_FILE = 639;
    /** Duplicate scm_mount. */
    public static final int CODE_SERVER_CONFIG_DUPLICATE_SCM_MOUNT = 640;
    /** Duplicate scm_list entry. */
    public static final int CODE_SERVER_CONFIG_DUPLICATE_SCM_DEVICE_LIST = 641;
    /** Overlapping bdev_list. */
    public static final int CODE_SERVER_CONFIG_OVERLAPPING_BDEV_DEVICE_LIST = 642;
    /** IOMMU disabled. */
    public static final int CODE_SERVER_IOMMU_DISABLED = 643;
    /** Pool SCM too small. */
    public static final int CODE_SERVER_POOL_SCM_TOO_SMALL = 644;
    /** Pool NVMe too small. */
    public static final int CODE_SERVER_POOL_NVME_TOO_SMALL = 645;
    /** Insufficient free hugepages. */
    public static final int CODE_SERVER_INSUFFICIENT_FREE_HUGEPAGES = 646;
    /** Harness not started. */
    public static final int CODE_SERVER_HARNESS_NOT_STARTED = 647;
    /** Unknown SPDK error. */
    public static final int CODE_SPDK_UNKNOWN = 748;
    /** Controller without health stats. */
    public static final int CODE_SPDK_CTRLR_NO_HEALTH = 749;
    /** SPDK binding returned NULL. */
    public static final int CODE_SPDK_BINDING_RET_NULL = 750;
    /** SPDK binding failed. */
    public static final int CODE_SPDK_BINDING_FAILED = 751;
    /** Unknown security error (not produced). */
    public static final int CODE_SECURITY_UNKNOWN = 952;

    private static final String HELPER_RES = "check the DAOS admin guide for details on privileged helper setup";

    // ---- fixed faults ----
    /** 0: unknown fault. */
    public static final Fault UNKNOWN = new Fault("", CODE_UNKNOWN, "unknown fault", "");
    /** scm 1. */
    public static final Fault MISSING_SOFTWARE_DEPENDENCY = new Fault(DOMAIN_SCM,
            CODE_MISSING_SOFTWARE_DEPENDENCY, "ndctl utility not found", "install the ndctl software for your OS");
    /** scm 106. */
    public static final Fault STORAGE_ALREADY_FORMATTED = new Fault(DOMAIN_SCM, CODE_STORAGE_ALREADY_FORMATTED,
            "format request for already-formatted storage and reformat not specified",
            "retry the operation with reformat option to overwrite existing format");
    /** scm 108. */
    public static final Fault STORAGE_DEVICE_ALREADY_MOUNTED = new Fault(DOMAIN_SCM,
            CODE_STORAGE_DEVICE_ALREADY_MOUNTED, "request included already-mounted device",
            "unmount the device and retry the operation");
    /** scm 109. */
    public static final Fault STORAGE_TARGET_ALREADY_MOUNTED = new Fault(DOMAIN_SCM,
            CODE_STORAGE_TARGET_ALREADY_MOUNTED, "request included already-mounted mount target (cannot double-mount)",
            "unmount the target and retry the operation");
    /** scm 210. */
    public static final Fault SCM_UNKNOWN = new Fault(DOMAIN_SCM, CODE_SCM_UNKNOWN, "unknown scm error", "");
    /** scm 211. */
    public static final Fault SCM_FORMAT_INVALID_SIZE = new Fault(DOMAIN_SCM, CODE_SCM_FORMAT_INVALID_SIZE,
            "format request must specify a size greater than 0", "");
    /** scm 212. */
    public static final Fault SCM_FORMAT_INVALID_DEVICE_COUNT = new Fault(DOMAIN_SCM,
            CODE_SCM_FORMAT_INVALID_DEVICE_COUNT, "format request must have exactly 1 dcpm device", "");
    /** scm 213. */
    public static final Fault SCM_FORMAT_MISSING_MOUNTPOINT = new Fault(DOMAIN_SCM,
            CODE_SCM_FORMAT_MISSING_MOUNTPOINT, "format request must specify mountpoint", "");
    /** scm 215. */
    public static final Fault SCM_FORMAT_MISSING_PARAM = new Fault(DOMAIN_SCM, CODE_SCM_FORMAT_MISSING_PARAM,
            "format request must have ramdisk or dcpm parameter", "");
    /** scm 216. */
    public static final Fault SCM_FORMAT_CONFLICTING_PARAM = new Fault(DOMAIN_SCM,
            CODE_SCM_FORMAT_CONFLICTING_PARAM, "format request must not have both ramdisk and dcpm parameters", "");
    /** scm 217. */
    public static final Fault SCM_DISCOVERY_FAILED = new Fault(DOMAIN_SCM, CODE_SCM_DISCOVERY_FAILED,
            "module discovery failed", "");
    /** bdev 318. */
    public static final Fault BDEV_UNKNOWN = new Fault(DOMAIN_BDEV, CODE_BDEV_UNKNOWN, "unknown bdev error", "");
    /** system 423. */
    public static final Fault SYSTEM_MEMBER_EXISTS = new Fault(DOMAIN_SYSTEM, CODE_SYSTEM_MEMBER_EXISTS,
            "system member with given rank already exists", "update system member instead of adding");
    /** system 424. */
    public static final Fault SYSTEM_MEMBER_MISSING = new Fault(DOMAIN_SYSTEM, CODE_SYSTEM_MEMBER_MISSING,
            "system member with given rank doesn't exists", "");
    /** server 629. */
    public static final Fault SERVER_UNKNOWN = new Fault(DOMAIN_SERVER, CODE_SERVER_UNKNOWN,
            "unknown control server error", "");
    /** server 630. */
    public static final Fault SERVER_BAD_CONFIG = new Fault(DOMAIN_SERVER, CODE_SERVER_BAD_CONFIG,
            "insufficient information in configuration",
            "supply path to valid configuration file, use examples for reference");
    /** server 631. */
    public static final Fault SERVER_NO_CONFIG_PATH = new Fault(DOMAIN_SERVER, CODE_SERVER_NO_CONFIG_PATH,
            "configuration file path not set",
            "supply the path to a server configuration file when restarting the control server with commandline option '-o'");
    /** server 632. */
    public static final Fault SERVER_CONFIG_BAD_CONTROL_PORT = new Fault(DOMAIN_SERVER,
            CODE_SERVER_CONFIG_BAD_CONTROL_PORT, "invalid control port in configuration",
            "specify a nonzero control port in configuration ('port' parameter) and restart the control server");
    /** server 633. */
    public static final Fault SERVER_CONFIG_BAD_ACCESS_POINTS = new Fault(DOMAIN_SERVER,
            CODE_SERVER_CONFIG_BAD_ACCESS_POINTS, "invalid list of access points in configuration",
            "list 1 to 7 access points (an odd number: 1, 3 or 5), each once, and restart the control server");
    /** server 634. */
    public static final Fault SERVER_CONFIG_BAD_PROVIDER = new Fault(DOMAIN_SERVER,
            CODE_SERVER_CONFIG_BAD_PROVIDER, "provider not specified in configuration",
            "specify a valid network provider in configuration ('provider' parameter) and restart the control server");
    /** server 635. */
    public static final Fault SERVER_CONFIG_NO_SERVERS = new Fault(DOMAIN_SERVER, CODE_SERVER_CONFIG_NO_SERVERS,
            "no DAOS IO Servers specified in configuration",
            "specify at least one IO Server configuration ('servers' list parameter) and restart the control server");
    /** server 643. */
    public static final Fault SERVER_IOMMU_DISABLED = new Fault(DOMAIN_SERVER, CODE_SERVER_IOMMU_DISABLED,
            "no IOMMU detected while running as non-root user with NVMe devices",
            "enable IOMMU per the DAOS Admin Guide or run daos_server as root");
    /** server 647. */
    public static final Fault SERVER_HARNESS_NOT_STARTED = new Fault(DOMAIN_SERVER,
            CODE_SERVER_HARNESS_NOT_STARTED, "DAOS I/O Server harness not started",
            "retry the operation or check server logs for more details");
    /** spdk 748. */
    public static final Fault SPDK_UNKNOWN = new Fault(DOMAIN_SPDK, CODE_SPDK_UNKNOWN,
            "unknown SPDK bindings error", "");
    /** spdk 749. */
    public static final Fault SPDK_CTRLR_NO_HEALTH = new Fault(DOMAIN_SPDK, CODE_SPDK_CTRLR_NO_HEALTH,
            "NVMe controller details are missing health statistics", "");
    /** spdk 750. */
    public static final Fault SPDK_BINDING_RET_NULL = new Fault(DOMAIN_SPDK, CODE_SPDK_BINDING_RET_NULL,
            "SPDK binding unexpectedly returned NULL", "");

    private static final Map<Integer, Fault> CATALOGUE;

    static {
        Map<Integer, Fault> m = new LinkedHashMap<>();
        for (Fault f : List.of(UNKNOWN, MISSING_SOFTWARE_DEPENDENCY,
                privilegedHelperNotPrivileged("<name>"), privilegedHelperNotAvailable("<name>"),
                privilegedHelperRequestFailed("<error message>"),
                new Fault(DOMAIN_STORAGE, CODE_STORAGE_UNKNOWN, "unknown storage error", ""),
                STORAGE_ALREADY_FORMATTED,
                new Fault(DOMAIN_STORAGE, CODE_STORAGE_FILESYSTEM_ALREADY_MOUNTED,
                        "request included already-mounted filesystem", ""),
                STORAGE_DEVICE_ALREADY_MOUNTED, STORAGE_TARGET_ALREADY_MOUNTED,
                SCM_UNKNOWN, SCM_FORMAT_INVALID_SIZE, SCM_FORMAT_INVALID_DEVICE_COUNT, SCM_FORMAT_MISSING_MOUNTPOINT,
                scmFormatMissingDevice("<dev>"), SCM_FORMAT_MISSING_PARAM, SCM_FORMAT_CONFLICTING_PARAM,
                SCM_DISCOVERY_FAILED, BDEV_UNKNOWN, bdevFormatUnknownClass("<class>"),
                bdevFormatFailure("<err>"), bdevFormatBadPciAddress("<addr>"),
                new Fault(DOMAIN_SYSTEM, CODE_SYSTEM_UNKNOWN, "unknown system error", ""),
                SYSTEM_MEMBER_EXISTS, SYSTEM_MEMBER_MISSING,
                new Fault(DOMAIN_SYSTEM, CODE_SYSTEM_MEMBER_CHANGED, "system member has changed", ""),
                new Fault(DOMAIN_CLIENT, CODE_CLIENT_UNKNOWN, "unknown client error", ""),
                new Fault(DOMAIN_CLIENT, CODE_CLIENT_CONFIG_BAD_CONTROL_PORT, "invalid control port in configuration",
                        "specify a nonzero control port in configuration ('port' parameter) and retry the client application"),
                new Fault(DOMAIN_CLIENT, CODE_CLIENT_CONFIG_BAD_ACCESS_POINTS,
                        "invalid list of access points in configuration",
                        "only a single access point is currently supported, specify only one and retry the client application"),
                SERVER_UNKNOWN, SERVER_BAD_CONFIG, SERVER_NO_CONFIG_PATH, SERVER_CONFIG_BAD_CONTROL_PORT,
                SERVER_CONFIG_BAD_ACCESS_POINTS, SERVER_CONFIG_BAD_PROVIDER, SERVER_CONFIG_NO_SERVERS,
                serverScmUnmanaged("<mp>"), serverBdevNotFound(List.of("<a>", "<b>")),
                serverConfigDuplicateFabric(-1, -1).withDescription(
                        "the fabric configuration in IO server <i> is a duplicate of server <j>"),
                serverConfigDuplicateLogFile(-1, -1).withDescription(
                        "the log_file value in IO server <i> is a duplicate of server <j>"),
                serverConfigDuplicateScmMount(-1, -1).withDescription(
                        "the scm_mount value in IO server <i> is a duplicate of server <j>"),
                serverConfigDuplicateScmDeviceList(-1, -1).withDescription(
                        "the scm_list value in IO server <i> is a duplicate of server <j>"),
                serverConfigOverlappingBdevDeviceList(-1, -1).withDescription(
                        "the bdev_list value in IO server <i> overlaps with entries in server <j>"),
                SERVER_IOMMU_DISABLED, serverPoolScmTooSmall("<x>", "<y>"), serverPoolNvmeTooSmall("<x>", "<y>"),
                serverInsufficientFreeHugePages("<req>", "<free>"), SERVER_HARNESS_NOT_STARTED,
                SPDK_UNKNOWN, SPDK_CTRLR_NO_HEALTH, SPDK_BINDING_RET_NULL, spdkBindingFailed("<rc>", "<msg>"),
                new Fault(DOMAIN_SECURITY, CODE_SECURITY_UNKNOWN, "unknown security error", ""))) {
            m.put(f.code(), f);
        }
        CATALOGUE = Collections.unmodifiableMap(m);
    }

    private Faults() {
    }

    /** Every catalogued fault by code, in code order; placeholders in {@code <angle brackets>}. */
    public static Map<Integer, Fault> catalogue() {
        return CATALOGUE;
    }

    /** The catalogue entry for a code, if known. */
    public static Optional<Fault> byCode(int code) {
        return Optional.ofNullable(CATALOGUE.get(code));
    }

    /**
     * Code 1 (missing software dependency) in {@code domain} for a native library that is not
     * installed: {@code <library> library not found}, resolution {@code install the <package>
     * package for your OS}. Beyond the reference (it links the libraries statically), shaped like
     * its {@code ndctl utility not found}.
     */
    public static Fault missingLibrary(String domain, String library, String debianPackage) {
        return new Fault(domain, CODE_MISSING_SOFTWARE_DEPENDENCY, library + " library not found",
                "install the " + debianPackage + " package for your OS");
    }

    /** pbin 2. */
    public static Fault privilegedHelperNotPrivileged(String name) {
        return new Fault(DOMAIN_PBIN, CODE_PRIVILEGED_HELPER_NOT_PRIVILEGED,
                "the privileged helper (" + name + ") does not have root permissions", HELPER_RES);
    }

    /** pbin 3. */
    public static Fault privilegedHelperNotAvailable(String name) {
        return new Fault(DOMAIN_PBIN, CODE_PRIVILEGED_HELPER_NOT_AVAILABLE,
                "the privileged helper (" + name + ") was not found or is not executable", HELPER_RES);
    }

    /** pbin 4: the helper's own error message. */
    public static Fault privilegedHelperRequestFailed(String message) {
        return new Fault(DOMAIN_PBIN, CODE_PRIVILEGED_HELPER_REQUEST_FAILED, message, "");
    }

    /** scm 214. */
    public static Fault scmFormatMissingDevice(String device) {
        return new Fault(DOMAIN_SCM, CODE_SCM_FORMAT_MISSING_DEVICE,
                "configured SCM device " + device + " does not exist",
                "check the configured value and/or perform the SCM preparation procedure");
    }

    /** bdev 319. */
    public static Fault bdevFormatUnknownClass(String bdevClass) {
        return new Fault(DOMAIN_BDEV, CODE_BDEV_FORMAT_UNKNOWN_CLASS,
                "format request contains unhandled block device class \"" + bdevClass + "\"",
                "check your configuration and restart the server");
    }

    /** bdev 320. */
    public static Fault bdevFormatFailure(String error) {
        return new Fault(DOMAIN_BDEV, CODE_BDEV_FORMAT_FAILURE, "NVMe format failed: " + error, "");
    }

    /** bdev 321. */
    public static Fault bdevFormatBadPciAddress(String address) {
        return new Fault(DOMAIN_BDEV, CODE_BDEV_FORMAT_BAD_PCI_ADDRESS,
                "format request contains invalid NVMe PCI address \"" + address + "\"",
                "check your configuration, restart the server, and retry the format operation");
    }

    /** server 636. */
    public static Fault serverScmUnmanaged(String mountPoint) {
        return new Fault(DOMAIN_SERVER, CODE_SERVER_SCM_UNMANAGED,
                "the SCM mountpoint at " + mountPoint + " is unavailable and can't be created/mounted",
                "manually create " + mountPoint + " or remove --recreate-superblocks from the server arguments");
    }

    /** server 637: {@code NVMe SSD[s] [<a> <b>] not found} ({@code s} unless exactly one). */
    public static Fault serverBdevNotFound(List<String> missing) {
        String s = missing.size() == 1 ? "" : "s";
        String list = "[" + String.join(" ", missing) + "]";
        return new Fault(DOMAIN_SERVER, CODE_SERVER_BDEV_NOT_FOUND, "NVMe SSD" + s + " " + list + " not found",
                "check SSD" + s + " " + list + " that are specified in server config exist");
    }

    /** server 638. */
    public static Fault serverConfigDuplicateFabric(int current, int first) {
        return new Fault(DOMAIN_SERVER, CODE_SERVER_CONFIG_DUPLICATE_FABRIC,
                "the fabric configuration in IO server " + current + " is a duplicate of server " + first,
                "ensure that each IO server has a unique combination of provider,fabric_iface,fabric_iface_port and restart");
    }

    private static Fault duplicate(int code, String key, int current, int first) {
        return new Fault(DOMAIN_SERVER, code,
                "the " + key + " value in IO server " + current + " is a duplicate of server " + first,
                "ensure that each IO server has a unique " + key + " value and restart");
    }

    /** server 639. */
    public static Fault serverConfigDuplicateLogFile(int current, int first) {
        return duplicate(CODE_SERVER_CONFIG_DUPLICATE_LOG_FILE, "log_file", current, first);
    }

    /** server 640. */
    public static Fault serverConfigDuplicateScmMount(int current, int first) {
        return duplicate(CODE_SERVER_CONFIG_DUPLICATE_SCM_MOUNT, "scm_mount", current, first);
    }

    /** server 641. */
    public static Fault serverConfigDuplicateScmDeviceList(int current, int first) {
        return duplicate(CODE_SERVER_CONFIG_DUPLICATE_SCM_DEVICE_LIST, "scm_list", current, first);
    }

    /** server 642. */
    public static Fault serverConfigOverlappingBdevDeviceList(int current, int first) {
        return new Fault(DOMAIN_SERVER, CODE_SERVER_CONFIG_OVERLAPPING_BDEV_DEVICE_LIST,
                "the bdev_list value in IO server " + current + " overlaps with entries in server " + first,
                "ensure that each IO server has a unique set of bdev_list entries and restart");
    }

    /** server 644 (capacities already rendered, IEC units). */
    public static Fault serverPoolScmTooSmall(String requested, String min) {
        return new Fault(DOMAIN_SERVER, CODE_SERVER_POOL_SCM_TOO_SMALL,
                "requested SCM capacity (" + requested + ") is too small (min " + min + ")",
                "SCM capacity should be larger than " + min);
    }

    /** server 645 (capacities already rendered, IEC units). */
    public static Fault serverPoolNvmeTooSmall(String requested, String min) {
        return new Fault(DOMAIN_SERVER, CODE_SERVER_POOL_NVME_TOO_SMALL,
                "requested NVMe capacity (" + requested + ") is too small (min " + min + ")",
                "NVMe capacity should be larger than " + min);
    }

    /** server 646. */
    public static Fault serverInsufficientFreeHugePages(Object requested, Object free) {
        return new Fault(DOMAIN_SERVER, CODE_SERVER_INSUFFICIENT_FREE_HUGEPAGES,
                "requested " + requested + " hugepages; got " + free,
                "reboot the system or manually clear /dev/hugepages as appropriate");
    }

    /** spdk 751. */
    public static Fault spdkBindingFailed(Object rc, String message) {
        return new Fault(DOMAIN_SPDK, CODE_SPDK_BINDING_FAILED,
                "SPDK binding failed, rc: " + rc + ", " + message, "");
    }
}
