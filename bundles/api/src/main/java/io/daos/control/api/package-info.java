/** Shared vocabulary of daos-control: see the sub-packages per domain. */
@org.osgi.annotation.versioning.Version("1.2.0")
package io.daos.control.api;
