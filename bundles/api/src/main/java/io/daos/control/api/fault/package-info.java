/**
 * Control-plane faults: a {@link io.daos.control.api.fault.Fault} is a domain, a numeric code, a
 * description and a resolution, rendered exactly like the DAOS v1.0 reference
 * ({@code <domain>: code = <n> description = "<text>"}); {@link io.daos.control.api.fault.Faults}
 * is the catalogue of SPEC-SERVER §7 / WIRE.md §5.7.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.daos.control.api.fault;
