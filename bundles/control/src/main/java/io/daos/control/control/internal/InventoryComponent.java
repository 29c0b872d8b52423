package io.daos.control.control.internal;

import java.util.List;

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
import io.daos.control.api.grpc.GrpcMethods;
import io.daos.control.api.network.NetworkScanner;
import io.daos.control.api.storage.BdevProvider;
import io.daos.control.api.storage.ScmProvider;
import io.daos.control.proto.ctl.DeviceScanReply;
import io.daos.control.proto.ctl.DeviceScanRequest;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.ProviderListReply;
import io.daos.control.proto.ctl.ProviderListRequest;
import io.daos.control.proto.ctl.StoragePrepareReq;
import io.daos.control.proto.ctl.StoragePrepareResp;
import io.daos.control.proto.ctl.StorageScanReq;
import io.daos.control.proto.ctl.StorageScanResp;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * Serves the local-host inventory methods of {@code ctl.MgmtCtl} (WIRE §2.2 rows 1, 2, 7, 8):
 * StorageScan, StoragePrepare, NetworkListProviders and NetworkScanDevices, as a partial
 * {@link ServerServiceDefinition} the rpc-server composes with the other bundles' methods. The
 * SCM and bdev providers and the network scanner are optional: a missing provider shows as the
 * error state of its part of a storage reply, a missing scanner as an UNAVAILABLE scan. No
 * harness is needed, so scans work while the server waits at the format gate.
 */
@Component(immediate = true)
public final class InventoryComponent {

    @Reference
    private ServerConfig config;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ScmProvider scm;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BdevProvider bdev;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile NetworkScanner scanner;

    private ServiceRegistration<ServerServiceDefinition> registration;

    /** The partial ctl.MgmtCtl definition: the four inventory methods. */
    static ServerServiceDefinition definition(StorageInventory storage, NetworkInventory network) {
        return ServerServiceDefinition.builder(MgmtCtlGrpc.SERVICE_NAME)
                .addMethod(MgmtCtlGrpc.getStorageScanMethod(), GrpcMethods.unary((StorageScanReq req) -> storage.scan()))
                .addMethod(MgmtCtlGrpc.getStoragePrepareMethod(), GrpcMethods.unary(storage::prepare))
                .addMethod(MgmtCtlGrpc.getNetworkListProvidersMethod(), GrpcMethods.unary((ProviderListRequest req) -> network.providers()))
                .addMethod(MgmtCtlGrpc.getNetworkScanDevicesMethod(), ServerCalls.asyncServerStreamingCall(
                        (DeviceScanRequest req, StreamObserver<DeviceScanReply> out) ->
                                scanDevices(network, req, out)))
                .build();
    }

    /** NetworkScanDevices: one reply per interface, then OK; scan errors as the RPC error. */
    private static void scanDevices(NetworkInventory network, DeviceScanRequest req,
            StreamObserver<DeviceScanReply> out) {
        List<DeviceScanReply> replies;
        try {
            replies = network.scan(req.getProvider());
        } catch (StatusRuntimeException e) {
            out.onError(e);
            return;
        }
        replies.forEach(out::onNext);
        out.onCompleted();
    }

    @Activate
    void activate(BundleContext context) {
        registration = Whiteboard.registerGrpc(context, definition(
                new StorageInventory(config, () -> scm, () -> bdev), new NetworkInventory(() -> scanner)));
    }

    @Deactivate
    void deactivate() {
        ServiceRegistration<ServerServiceDefinition> r = registration;
        registration = null;
        Whiteboard.unregister(r);
    }
}
