/**
 * Network vocabulary: {@link io.daos.control.api.net.HostList}, the reference hostlist syntax
 * ({@code node[1-3,5]:10001}) used for host patterns and for compressed display of host and rank
 * sets. 1.1: {@link io.daos.control.api.net.HostPort#digits}, the decimal-digits check shared with
 * the rank syntax.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.daos.control.api.net;
