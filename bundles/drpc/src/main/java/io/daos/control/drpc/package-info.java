/**
 * dRPC over Unix SOCK_SEQPACKET sockets (WIRE.md §4), plain Java, usable without OSGi:
 * {@link io.daos.control.drpc.DrpcServer} listens on a socket path and dispatches
 * {@code drpc.Call}s to {@link io.daos.control.api.drpc.DrpcModule}s following the rules of
 * WIRE.md §4.5; {@link io.daos.control.drpc.DrpcClientImpl} is the calling side. One message per
 * packet, at most {@link io.daos.control.api.drpc.DrpcIds#MAX_MSG_SIZE} bytes, enforced on both
 * sides.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.daos.control.drpc;
