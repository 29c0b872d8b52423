/** The fabric scanner (libfabric + sysfs) behind {@link io.daos.control.api.network.NetworkScanner}. */
package io.daos.control.network.internal;
