package io.daos.control.control.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.grpc.GrpcMethods;
import io.daos.control.api.network.NetworkScanner;
import io.daos.control.api.storage.BdevProvider;
import io.daos.control.api.storage.ScmProvider;
import io.daos.control.proto.ctl.DeviceScanReply;
import io.daos.control.proto.ctl.DeviceScanRequest;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.ProviderListRequest;
import io.daos.control.proto.ctl.StorageScanReq;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;

/**
 * Serves the local-host inventory methods of {@code ctl.MgmtCtl} (WIRE §2.2 rows 1, 2, 7, 8):
 * StorageScan, StoragePrepare, NetworkListProviders and NetworkScanDevices, as a gRPC module (a
 * partial definition the rpc-server composes with the other bundles' methods). The SCM and bdev
 * providers and the network scanner are optional: a missing provider shows as the error state of
 * its part of a storage reply, a missing scanner as an UNAVAILABLE scan. No harness is needed, so
 * scans work while the server waits at the format gate.
 */
@Component(service = BindableService.class)
public final class InventoryComponent implements BindableService {

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

    @Override
    public ServerServiceDefinition bindService() {
        return definition(new StorageInventory(config, () -> scm, () -> bdev), new NetworkInventory(() -> scanner));
    }

    /** The partial ctl.MgmtCtl definition: the four inventory methods. */
    static ServerServiceDefinition definition(StorageInventory storage, NetworkInventory network) {
        return ServerServiceDefinition.builder(MgmtCtlGrpc.SERVICE_NAME)
                .addMethod(MgmtCtlGrpc.getStorageScanMethod(), GrpcMethods.unary((StorageScanReq req) -> storage.scan()))
                .addMethod(MgmtCtlGrpc.getStoragePrepareMethod(), GrpcMethods.unary(storage::prepare))
                .addMethod(MgmtCtlGrpc.getNetworkListProvidersMethod(),
                        GrpcMethods.unary((ProviderListRequest req) -> network.providers()))
                .addMethod(MgmtCtlGrpc.getNetworkScanDevicesMethod(), GrpcMethods.serverStreaming(
                        (DeviceScanRequest req, GrpcMethods.Replies<DeviceScanReply> out) ->
                                network.scan(req.getProvider()).forEach(out::send)))
                .build();
    }
}
