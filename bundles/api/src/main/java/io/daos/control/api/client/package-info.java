/**
 * The client layer: every call one control server makes to another goes through
 * {@link io.daos.control.api.client.MgmtClient} (Join, LeaderQuery),
 * {@link io.daos.control.api.client.HarnessClient} (the four *Ranks calls) or
 * {@link io.daos.control.api.client.PeerClient} (the internal {@code peer.ControlPeer} calls
 * between our own servers, outside the v1.0 contract). All are OSGi services implemented once
 * (bundle {@code io.daos.control.client}) over gRPC with one channel per
 * {@link io.daos.control.api.net.HostPort}: the one place where transport security, deadlines and
 * connection reuse live. Failures are {@link io.daos.control.api.client.ClientException}s that say
 * whether the peer could not be reached, did not answer in time, or answered with an error.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.daos.control.api.client;
