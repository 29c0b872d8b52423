package io.daos.control.api.config;

/**
 * The {@code bdev_class} of an I/O server (SPEC-SERVER §1.4, §4.8). {@link #NONE} is the quirk of
 * an omitted key: treated like {@link #NVME} at start-up (no {@code VOS_BDEV_CLASS}) but unhandled by
 * storage format; a key given as {@code ""} means {@link #NVME}.
 */
public enum BdevClass {
    /** Key omitted. */
    NONE("", null),
    /** NVMe SSDs by PCI address. */
    NVME("nvme", null),
    /** SPDK malloc LUNs ({@code bdev_number} × {@code bdev_size} GB). */
    MALLOC("malloc", "MALLOC"),
    /** Kernel block devices through AIO. */
    KDEV("kdev", "AIO"),
    /** Backing files through AIO. */
    FILE("file", "AIO");

    private final String yaml;
    private final String vosBdevClass;

    BdevClass(String yaml, String vosBdevClass) {
        this.yaml = yaml;
        this.vosBdevClass = vosBdevClass;
    }

    /** The value as written in the YAML file ({@code ""} for {@link #NONE}). */
    public String yamlName() {
        return yaml;
    }

    /** The {@code VOS_BDEV_CLASS} value for an emulated class, or null (nvme / none). */
    public String vosBdevClass() {
        return vosBdevClass;
    }

    @Override
    public String toString() {
        return yaml;
    }
}
