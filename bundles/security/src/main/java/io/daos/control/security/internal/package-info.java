/**
 * The security bundle's implementation (SPEC-SYSTEM §5): PEM files and their permission checks,
 * the TLS material of {@code transport_config}, AUTH_SYS credential validation.
 */
package io.daos.control.security.internal;
