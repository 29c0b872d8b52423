/**
 * Transport security of the control plane ({@link io.daos.control.api.security.TransportSecurity}),
 * published by the security bundle.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.daos.control.api.security;
