package io.daos.control.control.internal;

import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.daos.control.api.Whiteboard;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.storage.BdevProvider;
import io.daos.control.api.storage.ScmProvider;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.StorageFormatReq;
import io.daos.control.proto.ctl.StorageFormatResp;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusException;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * Serves {@code ctl.MgmtCtl/StorageFormat} (server-streaming, exactly one message: WIRE §6.7) by
 * registering a {@link ServerServiceDefinition} holding only that method; the rpc-server composes
 * it with the other bundles' methods. The SCM and bdev providers are optional: a missing one shows
 * as an error state in its part of the reply.
 */
@Component(immediate = true)
public final class StorageFormatComponent {

    private static final Logger LOG = Logger.getLogger(StorageFormatComponent.class.getName());

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

    private ServiceRegistration<ServerServiceDefinition> registration;

    /** The partial ctl.MgmtCtl definition: StorageFormat only. */
    static ServerServiceDefinition definition(StorageFormatter formatter) {
        return ServerServiceDefinition.builder(MgmtCtlGrpc.SERVICE_NAME)
                .addMethod(MgmtCtlGrpc.getStorageFormatMethod(), ServerCalls.asyncServerStreamingCall(
                        (StorageFormatReq request, StreamObserver<StorageFormatResp> response) -> {
                            StorageFormatResp resp;
                            try {
                                resp = formatter.format(request.getReformat());
                            } catch (StatusException e) {
                                LOG.warning("StorageFormat: " + e.getStatus().getDescription());
                                response.onError(e);
                                return;
                            } catch (RuntimeException e) {
                                LOG.severe("StorageFormat failed: " + e);
                                response.onError(io.grpc.Status.UNKNOWN
                                        .withDescription("formatting storage: " + e.getMessage()).asException());
                                return;
                            }
                            response.onNext(resp);
                            response.onCompleted();
                        }))
                .build();
    }

    @Activate
    void activate(BundleContext context) {
        StorageFormatter formatter = new StorageFormatter(config, harness, () -> scm, () -> bdev);
        registration = Whiteboard.registerGrpc(context, definition(formatter));
    }

    @Deactivate
    void deactivate() {
        ServiceRegistration<ServerServiceDefinition> r = registration;
        registration = null;
        Whiteboard.unregister(r);
    }
}
