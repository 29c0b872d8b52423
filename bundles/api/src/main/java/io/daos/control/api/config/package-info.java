/**
 * The typed server configuration ({@code daos_server.yml}, SPEC-SERVER §1): the
 * {@link io.daos.control.api.config.ServerConfig} service published by the config bundle, its
 * per-I/O-server entries ({@link io.daos.control.api.config.IOServerConfig}, which also produce
 * the {@code daos_io_server} arguments and environment of §1.7) and the enumerated values.
 */
@org.osgi.annotation.versioning.Version("1.3.0")
package io.daos.control.api.config;
