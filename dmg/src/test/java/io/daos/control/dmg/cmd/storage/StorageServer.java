package io.daos.control.dmg.cmd.storage;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Message;

import io.daos.control.proto.ctl.DeviceScanReply;
import io.daos.control.proto.ctl.DeviceScanRequest;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.ProviderListReply;
import io.daos.control.proto.ctl.ProviderListRequest;
import io.daos.control.proto.ctl.StorageFormatReq;
import io.daos.control.proto.ctl.StorageFormatResp;
import io.daos.control.proto.ctl.StoragePrepareReq;
import io.daos.control.proto.ctl.StoragePrepareResp;
import io.daos.control.proto.ctl.StorageScanReq;
import io.daos.control.proto.ctl.StorageScanResp;
import io.daos.control.proto.mgmt.BioHealthReq;
import io.daos.control.proto.mgmt.BioHealthResp;
import io.daos.control.proto.mgmt.DevStateReq;
import io.daos.control.proto.mgmt.DevStateResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.SmdDevReq;
import io.daos.control.proto.mgmt.SmdDevResp;
import io.daos.control.proto.mgmt.SmdPoolReq;
import io.daos.control.proto.mgmt.SmdPoolResp;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/**
 * A plaintext gRPC server on a loopback address serving the storage and network methods of
 * {@code ctl.MgmtCtl} and {@code mgmt.MgmtSvc} with canned replies (or a canned error), recording
 * every request. Handlers run on the server's executor, so a {@link #gate} may block them.
 */
final class StorageServer implements AutoCloseable {

    volatile StorageScanResp scan = StorageScanResp.getDefaultInstance();
    volatile List<StorageFormatResp> format = List.of(StorageFormatResp.getDefaultInstance());
    volatile StoragePrepareResp prepare = StoragePrepareResp.getDefaultInstance();
    volatile List<DeviceScanReply> devices = List.of();
    volatile ProviderListReply providers = ProviderListReply.getDefaultInstance();
    volatile BioHealthResp bio = BioHealthResp.getDefaultInstance();
    volatile SmdDevResp smdDevs = SmdDevResp.getDefaultInstance();
    volatile SmdPoolResp smdPools = SmdPoolResp.getDefaultInstance();
    volatile DevStateResp devState = DevStateResp.getDefaultInstance();
    volatile StatusRuntimeException error;
    /** Run before each answer (e.g. to wait until every server has its request). */
    volatile Runnable gate = () -> { };

    final List<Message> requests = new CopyOnWriteArrayList<>();
    private final Server server;
    private final String address;

    StorageServer(String ip) throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress(ip, 0)).addService(new Ctl())
                .addService(new Svc()).build().start();
        address = ip + ":" + server.getPort();
    }

    String address() {
        return address;
    }

    /** Stops serving and waits until the port is closed. */
    void stop() throws InterruptedException {
        if (!server.isShutdown()) {
            server.shutdownNow();
        }
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    private <R> void answer(Message request, List<R> replies, StreamObserver<R> out) {
        requests.add(request);
        gate.run();
        if (error != null) {
            out.onError(error);
            return;
        }
        replies.forEach(out::onNext);
        out.onCompleted();
    }

    private final class Ctl extends MgmtCtlGrpc.MgmtCtlImplBase {
        @Override
        public void storageScan(StorageScanReq req, StreamObserver<StorageScanResp> out) {
            answer(req, List.of(scan), out);
        }

        @Override
        public void storageFormat(StorageFormatReq req, StreamObserver<StorageFormatResp> out) {
            answer(req, format, out);
        }

        @Override
        public void storagePrepare(StoragePrepareReq req, StreamObserver<StoragePrepareResp> out) {
            answer(req, List.of(prepare), out);
        }

        @Override
        public void networkScanDevices(DeviceScanRequest req, StreamObserver<DeviceScanReply> out) {
            answer(req, devices, out);
        }

        @Override
        public void networkListProviders(ProviderListRequest req, StreamObserver<ProviderListReply> out) {
            answer(req, List.of(providers), out);
        }
    }

    private final class Svc extends MgmtSvcGrpc.MgmtSvcImplBase {
        @Override
        public void bioHealthQuery(BioHealthReq req, StreamObserver<BioHealthResp> out) {
            answer(req, List.of(bio), out);
        }

        @Override
        public void smdListDevs(SmdDevReq req, StreamObserver<SmdDevResp> out) {
            answer(req, List.of(smdDevs), out);
        }

        @Override
        public void smdListPools(SmdPoolReq req, StreamObserver<SmdPoolResp> out) {
            answer(req, List.of(smdPools), out);
        }

        @Override
        public void devStateQuery(DevStateReq req, StreamObserver<DevStateResp> out) {
            answer(req, List.of(devState), out);
        }

        @Override
        public void storageSetFaulty(DevStateReq req, StreamObserver<DevStateResp> out) {
            answer(req, List.of(devState), out);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
