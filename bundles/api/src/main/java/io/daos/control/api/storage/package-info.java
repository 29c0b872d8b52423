/**
 * Storage providers (SPEC-SERVER §4): {@link io.daos.control.api.storage.ScmProvider} (storage
 * class memory: dcpm, ram) and {@link io.daos.control.api.storage.BdevProvider} (block devices:
 * nvme, malloc, kdev, file), registered by the storage-scm and storage-nvme bundles and used by
 * the harness (mount, prepare, daos_nvme.conf at instance start) and the control bundle
 * (StorageFormat, StorageScan, StoragePrepare). 1.1: scan and prepare (issue 5); the mountinfo
 * {@link io.daos.control.api.storage.MountTable} shared by both providers; the SCM mount usage
 * ({@link io.daos.control.api.storage.ScmMountUsage}).
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package io.daos.control.api.storage;
