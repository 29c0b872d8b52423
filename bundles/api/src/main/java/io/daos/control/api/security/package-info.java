/**
 * Transport security of the control plane ({@link io.daos.control.api.security.TransportSecurity}),
 * published by the security bundle, and the components a hot-added gRPC module allows to call its
 * methods ({@link io.daos.control.api.security.MethodAccess}).
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.daos.control.api.security;
