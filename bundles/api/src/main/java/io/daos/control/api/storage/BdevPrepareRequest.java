package io.daos.control.api.storage;

/**
 * An NVMe prepare request (SPEC-SERVER §2.4, §4.7; wire {@code ctl.PrepareNvmeReq}).
 *
 * @param hugePageCount number of hugepages; ≤ 0 means the default 4096
 * @param pciWhitelist  whitespace-separated PCI addresses to bind (empty: all)
 * @param pciBlacklist  whitespace-separated PCI addresses never to bind (from {@code bdev_exclude})
 * @param targetUser    owner of the hugepage mount and vfio groups (empty: unchanged)
 * @param resetOnly     only return devices to their kernel drivers
 */
public record BdevPrepareRequest(int hugePageCount, String pciWhitelist, String pciBlacklist, String targetUser,
        boolean resetOnly) {

    /** The hugepage count used when none is given. */
    public static final int DEFAULT_HUGEPAGES = 4096;

    /** Nulls become empty. */
    public BdevPrepareRequest {
        pciWhitelist = pciWhitelist == null ? "" : pciWhitelist;
        pciBlacklist = pciBlacklist == null ? "" : pciBlacklist;
        targetUser = targetUser == null ? "" : targetUser;
    }

    /** {@link #hugePageCount()}, or {@link #DEFAULT_HUGEPAGES} when ≤ 0. */
    public int effectiveHugePages() {
        return hugePageCount > 0 ? hugePageCount : DEFAULT_HUGEPAGES;
    }
}
