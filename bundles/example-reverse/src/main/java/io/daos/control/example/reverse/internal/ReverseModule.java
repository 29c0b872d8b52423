package io.daos.control.example.reverse.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.daos.control.api.grpc.GrpcMethods;
import io.daos.control.example.reverse.proto.ReverseGrpc;
import io.daos.control.example.reverse.proto.ReverseReq;
import io.daos.control.example.reverse.proto.ReverseResp;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;

/**
 * Example gRPC module: a Declarative Services component offering itself as a
 * {@link BindableService}; the rpc-server serves {@code daos.control.example.reverse.Reverse/Reverse}
 * while this bundle is active. Reverse answers the text reversed (by code point) and this bundle's
 * symbolic name. The service, its messages and stubs come from this bundle's own
 * {@code example/reverse.proto}; nothing is shared with the echo example.
 */
@Component(service = BindableService.class)
public final class ReverseModule implements BindableService {

    private String servedBy;

    @Activate
    void activate(BundleContext context) {
        servedBy = context.getBundle().getSymbolicName();
    }

    @Override
    public ServerServiceDefinition bindService() {
        return definition(servedBy);
    }

    /** The definition: Reverse, answering with {@code servedBy}. */
    static ServerServiceDefinition definition(String servedBy) {
        return ServerServiceDefinition.builder(ReverseGrpc.SERVICE_NAME)
                .addMethod(ReverseGrpc.getReverseMethod(), GrpcMethods.unary((ReverseReq req) ->
                        ReverseResp.newBuilder().setText(reverse(req.getText())).setServedBy(servedBy).build()))
                .build();
    }

    /** Reversed by code point, so surrogate pairs stay intact. */
    static String reverse(String text) {
        return new StringBuilder(text).reverse().toString();
    }
}
