/** Fabric (network) discovery: {@link io.daos.control.api.network.NetworkScanner}. */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.daos.control.api.network;
