/**
 * The client layer behind {@link io.daos.control.api.client.MgmtClient},
 * {@link io.daos.control.api.client.HarnessClient} and {@link io.daos.control.api.client.PeerClient}:
 * one gRPC channel per {@link io.daos.control.api.net.HostPort}
 * ({@link io.daos.control.client.internal.ChannelCache}),
 * built by the one {@link io.daos.control.client.internal.Transport}, and one mapping of gRPC
 * failures to {@link io.daos.control.api.client.ClientException}s
 * ({@link io.daos.control.client.internal.Failures}).
 */
package io.daos.control.client.internal;
