/**
 * gRPC helpers for the modules that serve methods: {@link io.daos.control.api.grpc.GrpcErrors},
 * the one mapping of faults and failures to gRPC status,
 * {@link io.daos.control.api.grpc.GrpcMethods}, unary and server-streaming handlers that use it,
 * and {@link io.daos.control.api.grpc.Bounds}, the checks on request fields made at the edge.
 * Kept apart from {@code io.daos.control.api.fault} so that the fault vocabulary needs no gRPC:
 * only this package imports {@code io.grpc} (optionally, in the api bundle's manifest).
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.daos.control.api.grpc;
