/**
 * dRPC vocabulary (WIRE.md §4): the envelope {@link io.daos.control.api.drpc.DrpcStatus},
 * module and method ids ({@link io.daos.control.api.drpc.DrpcIds}), the server-side handler
 * contract {@link io.daos.control.api.drpc.DrpcModule} (published as a whiteboard service) and
 * the client side {@link io.daos.control.api.drpc.DrpcClient} /
 * {@link io.daos.control.api.drpc.DrpcClientFactory}. Plain Java: no protobuf or socket types
 * appear in these signatures, bodies are serialized method messages as {@code byte[]}.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.daos.control.api.drpc;
