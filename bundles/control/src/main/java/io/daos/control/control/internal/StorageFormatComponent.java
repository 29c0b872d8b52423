package io.daos.control.control.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.grpc.GrpcMethods;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.storage.BdevProvider;
import io.daos.control.api.storage.ScmProvider;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.StorageFormatReq;
import io.daos.control.proto.ctl.StorageFormatResp;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;

/**
 * Serves {@code ctl.MgmtCtl/StorageFormat} (server-streaming, exactly one message: WIRE §6.7) as a
 * gRPC module holding only that method; the rpc-server composes it with the other bundles'
 * methods. The SCM and bdev providers are optional: a missing one shows as an error state in its
 * part of the reply. What the formatter throws becomes the call's status through the one error
 * mapper ({@link GrpcMethods}).
 */
@Component(service = BindableService.class)
public final class StorageFormatComponent implements BindableService {

    @Reference
    private ServerConfig config;

    @Reference
    private Harness harness;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ScmProvider scm;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BdevProvider bdev;

    @Override
    public ServerServiceDefinition bindService() {
        return definition(new StorageFormatter(config, harness, () -> scm, () -> bdev));
    }

    /** The partial ctl.MgmtCtl definition: StorageFormat only. */
    static ServerServiceDefinition definition(StorageFormatter formatter) {
        return ServerServiceDefinition.builder(MgmtCtlGrpc.SERVICE_NAME)
                .addMethod(MgmtCtlGrpc.getStorageFormatMethod(), GrpcMethods.serverStreaming(
                        (StorageFormatReq request, GrpcMethods.Replies<StorageFormatResp> out) ->
                                out.send(formatter.format(request.getReformat()))))
                .build();
    }
}
