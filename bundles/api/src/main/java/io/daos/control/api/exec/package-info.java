/**
 * External programs: {@link io.daos.control.api.exec.Executables}, the one executable lookup
 * (the harness's {@code daos_io_server} and {@code setpriv}, the storage tools {@code ipmctl},
 * {@code ndctl}, the SPDK setup script), and {@link io.daos.control.api.exec.CommandRunner}, the
 * one runner of short-lived commands ({@link io.daos.control.api.exec.Command} in,
 * {@link io.daos.control.api.exec.CommandResult} out: exit status, bounded output, timeout).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.daos.control.api.exec;
