/**
 * Logging helpers shared by the bundles: {@link io.daos.control.api.log.RateLimitedLog}, one
 * message per cause per window with a count of the rest.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.daos.control.api.log;
