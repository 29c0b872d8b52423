/** The typed server configuration service. */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.daos.control.api.config;
