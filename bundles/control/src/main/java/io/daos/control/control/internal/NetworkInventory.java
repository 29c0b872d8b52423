package io.daos.control.control.internal;

import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.api.network.FabricInterface;
import io.daos.control.api.network.NetworkScanException;
import io.daos.control.api.network.NetworkScanner;
import io.daos.control.proto.ctl.DeviceScanReply;
import io.daos.control.proto.ctl.ProviderListReply;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The NetworkListProviders and NetworkScanDevices logic of SPEC-SERVER §5.3, independent of gRPC
 * transport. The scanner is optional: without it only the provider list is served.
 */
final class NetworkInventory {

    /** What NetworkScanDevices answers (UNAVAILABLE) while no scanner is registered. */
    static final String NO_SCANNER = "network scanner not available: the network bundle is not active";
    /** The context of every scan error (§5.3). */
    static final String SCAN_FAILED = "failed to execute the fabric and device scan";

    private static final Logger LOG = Logger.getLogger(NetworkInventory.class.getName());

    private final Supplier<NetworkScanner> scanner;

    /** @param scanner the current network scanner, null while none is registered */
    NetworkInventory(Supplier<NetworkScanner> scanner) {
        this.scanner = scanner;
    }

    /** {@code ProviderListReply{provider: "ofi+gni, ofi+psm2, …"}}. */
    ProviderListReply providers() {
        return ProviderListReply.newBuilder().setProvider(NetworkScanner.providerList()).build();
    }

    /**
     * Scans the fabric for {@code provider} (empty: all).
     *
     * @return one reply per interface, in the scanner's order
     * @throws StatusRuntimeException INVALID_ARGUMENT for a provider over the edge bound
     *                                ({@link RequestChecks#networkScan}); UNAVAILABLE without a
     *                                scanner; a scan fault as INTERNAL with its detail (WIRE
     *                                §5.5); any other scan error UNKNOWN with
     *                                {@code failed to execute the fabric and device scan: <err>}
     */
    List<DeviceScanReply> scan(String provider) {
        RequestChecks.networkScan(provider);
        NetworkScanner s = scanner.get();
        if (s == null) {
            throw Status.UNAVAILABLE.withDescription(NO_SCANNER).asRuntimeException();
        }
        List<FabricInterface> found;
        try {
            found = s.scan(provider);
        } catch (NetworkScanException e) {
            LOG.info(SCAN_FAILED + ": " + e.getMessage());
            throw e.fault().map(GrpcErrors::fault).orElseGet(() -> GrpcErrors.error(SCAN_FAILED + ": " + e.getMessage()));
        } catch (RuntimeException | LinkageError e) {
            LOG.info(SCAN_FAILED + ": " + e);
            throw GrpcErrors.error(SCAN_FAILED + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
        }
        return found.stream().map(StorageMessages::device).toList();
    }
}
