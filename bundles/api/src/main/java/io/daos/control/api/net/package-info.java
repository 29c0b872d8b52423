/**
 * Network vocabulary: {@link io.daos.control.api.net.HostList}, the reference hostlist syntax
 * ({@code node[1-3,5]:10001}) used for host patterns and for compressed display of host and rank
 * sets.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.daos.control.api.net;
