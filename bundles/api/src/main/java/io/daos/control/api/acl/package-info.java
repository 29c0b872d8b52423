/**
 * Pool access control lists as DAOS writes them (SPEC-SYSTEM §5.7): {@link io.daos.control.api.acl.Ace}
 * entries of a {@link io.daos.control.api.acl.Principal}, the whole {@link io.daos.control.api.acl.Acl}
 * with its update and delete rules, each broken rule an
 * {@link io.daos.control.api.acl.AclException} carrying the DER the data plane answers. One
 * implementation for the management service's checks and the engine emulator's pools.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.daos.control.api.acl;
