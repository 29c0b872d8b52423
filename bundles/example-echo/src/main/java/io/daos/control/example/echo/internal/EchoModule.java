package io.daos.control.example.echo.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.daos.control.api.grpc.GrpcMethods;
import io.daos.control.api.security.MethodAccess;
import io.daos.control.example.echo.proto.EchoGrpc;
import io.daos.control.example.echo.proto.EchoReq;
import io.daos.control.example.echo.proto.EchoResp;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;

/**
 * The example gRPC module (docs/modules.md): a Declarative Services component offering itself as
 * a {@link BindableService}; the rpc-server serves the methods of the definition it binds while
 * this bundle is active and withdraws them when it stops. {@code daos.control.example.echo.Echo/Echo}
 * answers the text it got and this bundle's symbolic name. The service, its messages and stubs
 * come from this bundle's own {@code example/echo.proto}. On a secure server only the
 * {@code admin} may call it: the registration declares that component
 * ({@link MethodAccess#PROPERTY}); a module that declares nothing is denied to every caller over
 * TLS (the example-reverse module shows that).
 */
@Component(service = BindableService.class, property = MethodAccess.PROPERTY + "=" + MethodAccess.ADMIN)
public final class EchoModule implements BindableService {

    private String servedBy;

    @Activate
    void activate(BundleContext context) {
        servedBy = context.getBundle().getSymbolicName();
    }

    @Override
    public ServerServiceDefinition bindService() {
        return definition(servedBy);
    }

    /** The definition: Echo, answering with {@code servedBy}. */
    static ServerServiceDefinition definition(String servedBy) {
        return ServerServiceDefinition.builder(EchoGrpc.SERVICE_NAME)
                .addMethod(EchoGrpc.getEchoMethod(), GrpcMethods.unary((EchoReq req) -> echo(req, servedBy)))
                .build();
    }

    /** The reply to one request: the same text, and who answered. */
    static EchoResp echo(EchoReq req, String servedBy) {
        return EchoResp.newBuilder().setText(req.getText()).setServedBy(servedBy).build();
    }
}
