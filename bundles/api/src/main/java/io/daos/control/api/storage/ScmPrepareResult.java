package io.daos.control.api.storage;

import java.util.List;

/**
 * Result of an SCM prepare or reset (SPEC-SERVER §4.4 step 4): {@code State, RebootRequired,
 * Namespaces}.
 *
 * @param state          region state re-read after the operation
 * @param rebootRequired a memory allocation goal was set: the host must reboot to apply it
 * @param namespaces     namespaces created (or existing, when nothing was left to do)
 */
public record ScmPrepareResult(ScmRegionState state, boolean rebootRequired, List<ScmNamespace> namespaces) {

    /** The text shown when {@link #rebootRequired()}: the reference's wording. */
    public static final String REBOOT_REQUIRED = "A reboot is required to process new memory allocation goals.";

    /** Defensive copy. */
    public ScmPrepareResult {
        namespaces = List.copyOf(namespaces);
    }
}
