package io.daos.control.example.reverse.internal;


import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.daos.control.api.Whiteboard;
import io.daos.control.proto.example.EchoReq;
import io.daos.control.proto.example.EchoResp;
import io.daos.control.proto.example.ExampleGrpc;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * Example gRPC module: registers a {@link ServerServiceDefinition} of
 * {@code daos.control.example.Example} holding only {@code Reverse}; the rpc-server serves it
 * while this bundle is active. Reverse returns the text reversed (by code point) and this bundle's symbolic name.
 */
@Component(immediate = true)
public final class ReverseModule {

    private ServiceRegistration<ServerServiceDefinition> registration;

    /** The partial definition: Reverse only (builder by name, not by the full ServiceDescriptor). */
    static ServerServiceDefinition definition(String servedBy) {
        return ServerServiceDefinition.builder(ExampleGrpc.SERVICE_NAME)
                .addMethod(ExampleGrpc.getReverseMethod(), ServerCalls.asyncUnaryCall(
                        (EchoReq request, StreamObserver<EchoResp> response) -> {
                            response.onNext(EchoResp.newBuilder()
                                    .setText(reverse(request.getText()))
                                    .setServedBy(servedBy)
                                    .build());
                            response.onCompleted();
                        }))
                .build();
    }

    /** Reversed by code point, so surrogate pairs stay intact. */
    static String reverse(String text) {
        return new StringBuilder(text).reverse().toString();
    }

    @Activate
    void activate(BundleContext context) {
        registration = Whiteboard.registerGrpc(context, definition(context.getBundle().getSymbolicName()));
    }

    @Deactivate
    void deactivate() {
        ServiceRegistration<ServerServiceDefinition> r = registration;
        registration = null;
        Whiteboard.unregister(r);
    }
}
