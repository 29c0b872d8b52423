/**
 * Loading {@code daos_server.yml} (SPEC-SERVER §1, §2.2) from OSGi or plain Java:
 * {@link io.daos.control.config.ServerConfigLoader} (strict parse, defaults, propagation,
 * {@link io.daos.control.config.CliOverrides}, validation),
 * {@link io.daos.control.config.ServerConfigWriter} (YAML dump, e.g. the active-config copy) and
 * {@link io.daos.control.config.IOServerArgs} (the {@code daos_io_server} argument/environment
 * mapping of §1.7, also reachable through
 * {@link io.daos.control.api.config.IOServerConfig}).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.daos.control.config;
