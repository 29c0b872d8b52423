package io.daos.control.example.echo.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import com.google.protobuf.InvalidProtocolBufferException;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcModule;
import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.example.echo.proto.EchoReq;

/**
 * The example dRPC module (docs/modules.md): a Declarative Services component offering itself as
 * a {@link DrpcModule}; the drpc bundle dispatches every call for module {@value #MODULE_ID} on
 * the control server's socket ({@code <socket_dir>/daos_server.sock}) to it while this bundle is
 * active. Method {@value #METHOD_ECHO} takes a serialized {@code EchoReq} and answers the same
 * {@code EchoResp} as the gRPC Echo; any other method is UNKNOWN_METHOD, a body that does not
 * decode FAILED_UNMARSHAL_PAYLOAD.
 */
@Component(service = DrpcModule.class)
public final class EchoDrpcModule implements DrpcModule {

    /** A module id DAOS does not use (its modules are 0 to 4). */
    public static final int MODULE_ID = 100;
    /** Echo: {@code EchoReq} to {@code EchoResp}. */
    public static final int METHOD_ECHO = 1;

    private String servedBy;

    @Activate
    void activate(BundleContext context) {
        servedBy = context.getBundle().getSymbolicName();
    }

    /** For tests: a module answering as {@code servedBy}. */
    static EchoDrpcModule answeringAs(String servedBy) {
        EchoDrpcModule m = new EchoDrpcModule();
        m.servedBy = servedBy;
        return m;
    }

    @Override
    public int moduleId() {
        return MODULE_ID;
    }

    @Override
    public byte[] handle(int method, byte[] body) throws DrpcException {
        if (method != METHOD_ECHO) {
            throw new DrpcException(DrpcStatus.UNKNOWN_METHOD, "echo module: no method " + method);
        }
        EchoReq req;
        try {
            req = EchoReq.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new DrpcException(DrpcStatus.FAILED_UNMARSHAL_PAYLOAD, "echo module: " + e.getMessage(), e);
        }
        return EchoModule.echo(req, servedBy).toByteArray();
    }
}
