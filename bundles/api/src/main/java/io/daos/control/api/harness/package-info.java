/** The I/O server harness: instances, their ranks and lifecycle. */
@org.osgi.annotation.versioning.Version("1.3.0")
package io.daos.control.api.harness;
