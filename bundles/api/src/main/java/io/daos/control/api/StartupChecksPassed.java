package io.daos.control.api;

/**
 * Marker service: this node's start-up checks (SPEC-SERVER §3.2 steps 5 and 7: automatic NVMe
 * prepare, hugepages, IOMMU, configured NVMe SSDs present, SCM scan) have passed. The control
 * bundle registers it once they did; the rpc-server references it and starts listening on the
 * control port only when it appears (SPEC-SERVER §3.2 step 8 comes after step 7), so the order
 * is a service dependency, not a start level. Once listening, the server stays up if the marker
 * goes away later (a hot update of the control bundle must not drop the port).
 */
public interface StartupChecksPassed {
}
