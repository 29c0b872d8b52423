package io.daos.control.api.storage;

import java.util.List;

/**
 * Result of an SCM scan (SPEC-SERVER §4.3): the modules, the namespaces and the region state.
 * No modules → empty lists and {@link ScmRegionState#UNKNOWN}.
 *
 * @param state      region state
 * @param modules    PMem modules (sorted by physical id)
 * @param namespaces pmem namespaces (sorted by block device)
 */
public record ScmScan(ScmRegionState state, List<ScmModule> modules, List<ScmNamespace> namespaces) {

    /** Defensive copies. */
    public ScmScan {
        modules = List.copyOf(modules);
        namespaces = List.copyOf(namespaces);
    }
}
