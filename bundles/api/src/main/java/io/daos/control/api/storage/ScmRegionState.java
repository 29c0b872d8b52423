package io.daos.control.api.storage;

/**
 * The state of the PMem regions (SPEC-SERVER §4.3 step 5), numbered as in the reference.
 */
public enum ScmRegionState {
    /** 0: not determined (no modules, or never read). */
    UNKNOWN("ScmStateUnknown"),
    /** 1: no regions defined: prepare creates the AppDirect goal (reboot required). */
    NO_REGIONS("ScmStateNoRegions"),
    /** 2: an AppDirect region has free capacity: prepare creates namespaces. */
    FREE_CAPACITY("ScmStateFreeCapacity"),
    /** 3: all AppDirect capacity is used by namespaces: prepared. */
    NO_CAPACITY("ScmStateNoCapacity");

    private final String referenceName;

    ScmRegionState(String referenceName) {
        this.referenceName = referenceName;
    }

    /** The reference's name, e.g. {@code ScmStateNoRegions} (logs: {@code Storage Scan SCM (<name>)}). */
    public String referenceName() {
        return referenceName;
    }
}
