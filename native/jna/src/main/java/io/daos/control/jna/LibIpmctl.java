package io.daos.control.jna;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The libipmctl calls PMem module discovery needs (Debian {@code libipmctl5}, the Intel Optane
 * persistent memory management library; SPEC-SERVER §4.3 step 1). Obtain through
 * {@link #load()}.
 *
 * <p>Return codes are the library's {@code NvmStatusCode} enum ({@code NvmSharedDefs.h}):
 * {@link #NVM_SUCCESS} is 0, every other value is an error. How "no modules" shows up, measured
 * on a Debian 12 VM without PMem (libipmctl 03.00.00.0468, as root): {@code nvm_init} and
 * {@code nvm_get_number_of_devices} both answer {@link #NVM_SUCCESS} with a count of 0 (the
 * {@code ipmctl} CLI prints "Initialization failed. No PMem modules in the system." from its own
 * start-up check, not from this call); as a non-root user both answer
 * {@link #NVM_ERR_INVALID_PERMISSIONS} (268). {@link #isNoModules(int)} therefore treats
 * success-with-zero and the library's dedicated {@link #NVM_ERR_INIT_FAILED_NO_MODULES_FOUND}
 * (322, the code behind the CLI's message) as "no modules"; everything else is a genuine failure.
 *
 * <p>{@code struct device_discovery} is read by offset from a buffer of
 * {@link #DEVICE_DISCOVERY_SIZE} bytes per module (layout of {@code nvm_management.h} on x86-64,
 * checked against the header with a compiled probe when the -dev package is present); see
 * {@link DeviceDiscovery}. The library is not thread-safe: callers serialise calls.
 */
public interface LibIpmctl extends Library {

    /** {@code NVM_SUCCESS}. */
    int NVM_SUCCESS = 0;
    /** {@code NVM_ERR_DIMM_NOT_FOUND}: a named module does not exist. */
    int NVM_ERR_DIMM_NOT_FOUND = 11;
    /** {@code NVM_ERR_NO_USABLE_DIMMS}: modules exist but none is usable (a genuine failure). */
    int NVM_ERR_NO_USABLE_DIMMS = 18;
    /** {@code NVM_ERR_UNKNOWN}. */
    int NVM_ERR_UNKNOWN = 267;
    /** {@code NVM_ERR_INVALID_PERMISSIONS}: not root. */
    int NVM_ERR_INVALID_PERMISSIONS = 268;
    /** {@code NVM_ERR_BAD_SIZE}: the count passed to {@code nvm_get_devices} does not match. */
    int NVM_ERR_BAD_SIZE = 273;
    /** {@code NVM_ERR_INIT_FAILED_NO_MODULES_FOUND}: "Initialization failed. No PMem modules in the system." */
    int NVM_ERR_INIT_FAILED_NO_MODULES_FOUND = 322;

    /** {@code sizeof(struct device_discovery)}. */
    int DEVICE_DISCOVERY_SIZE = 256;

    /** The most modules one {@code nvm_get_devices} call can return (its count is a {@code NVM_UINT8}). */
    int MAX_DEVICES = 255;

    /**
     * Loads libipmctl (lazily, once).
     *
     * @throws LibraryNotInstalledException libipmctl5 is not installed
     */
    static LibIpmctl load() throws LibraryNotInstalledException {
        return NativeLibraries.load(LibIpmctl.class, "libipmctl", "libipmctl5", "ipmctl", "libipmctl.so.5",
                "libipmctl.so.4");
    }

    /**
     * Whether a {@code nvm_get_number_of_devices} result means "there are no modules" rather
     * than a failure: success with a count of 0, or {@link #NVM_ERR_INIT_FAILED_NO_MODULES_FOUND}.
     *
     * @param rc    the return code
     * @param count the count it reported (ignored unless {@code rc} is success)
     */
    static boolean isNoModules(int rc, int count) {
        return (rc == NVM_SUCCESS && count == 0) || rc == NVM_ERR_INIT_FAILED_NO_MODULES_FOUND;
    }

    /**
     * {@code int nvm_init(void)}. Not needed for discovery (the library initialises itself on
     * load: it reads {@code /usr/share/ipmctl/ipmctl.conf} and creates {@code /tmp/pbr}); note
     * that this call REWRITES {@code /usr/share/ipmctl/ipmctl.conf}, so discovery does not make it.
     */
    int nvm_init();

    /** {@code void nvm_uninit(void)}. */
    void nvm_uninit();

    /** {@code int nvm_get_number_of_devices(unsigned int *count)}. */
    int nvm_get_number_of_devices(IntByReference count);

    /**
     * {@code int nvm_get_devices(struct device_discovery *p_devices, const NVM_UINT8 count)}:
     * fills {@code count} records of {@link #DEVICE_DISCOVERY_SIZE} bytes.
     */
    int nvm_get_devices(Pointer devices, byte count);

    /**
     * One {@code struct device_discovery} record: the fields module discovery needs, read at
     * their x86-64 offsets.
     *
     * @param physicalId      {@code physical_id} (offset 8, u16)
     * @param channelPosition {@code channel_pos} (offset 16, u16)
     * @param channelId       {@code channel_id} (offset 18, u16)
     * @param controllerId    {@code memory_controller_id} (offset 20, u16)
     * @param socketId        {@code socket_id} (offset 22, u16)
     * @param capacity        {@code capacity} in bytes (offset 128, u64)
     */
    record DeviceDiscovery(int physicalId, int channelPosition, int channelId, int controllerId, int socketId,
            long capacity) {

        /** Offset of {@code physical_id}. */
        public static final int OFFSET_PHYSICAL_ID = 8;
        /** Offset of {@code channel_pos}. */
        public static final int OFFSET_CHANNEL_POS = 16;
        /** Offset of {@code channel_id}. */
        public static final int OFFSET_CHANNEL_ID = 18;
        /** Offset of {@code memory_controller_id}. */
        public static final int OFFSET_MEMORY_CONTROLLER_ID = 20;
        /** Offset of {@code socket_id}. */
        public static final int OFFSET_SOCKET_ID = 22;
        /** Offset of {@code capacity}. */
        public static final int OFFSET_CAPACITY = 128;

        /** Reads record {@code index} of an array filled by {@code nvm_get_devices}. */
        public static DeviceDiscovery read(Pointer devices, int index) {
            long base = (long) index * DEVICE_DISCOVERY_SIZE;
            return new DeviceDiscovery(u16(devices, base + OFFSET_PHYSICAL_ID),
                    u16(devices, base + OFFSET_CHANNEL_POS), u16(devices, base + OFFSET_CHANNEL_ID),
                    u16(devices, base + OFFSET_MEMORY_CONTROLLER_ID), u16(devices, base + OFFSET_SOCKET_ID),
                    devices.getLong(base + OFFSET_CAPACITY));
        }

        private static int u16(Pointer p, long offset) {
            return p.getShort(offset) & 0xffff;
        }

        /** A zeroed buffer for {@code count} records. */
        public static Memory allocate(int count) {
            Memory m = new Memory((long) Math.max(1, count) * DEVICE_DISCOVERY_SIZE);
            m.clear();
            return m;
        }
    }
}
