package io.daos.control.api.grpc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import io.daos.control.api.fault.FaultException;
import io.daos.control.api.fault.Faults;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.ProviderListReply;
import io.daos.control.proto.ctl.ProviderListRequest;
import io.daos.control.proto.ctl.DeviceScanReply;
import io.daos.control.proto.ctl.DeviceScanRequest;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;

/** Both handler kinds over a real in-process gRPC server: replies, and every error through the one mapper. */
public class GrpcMethodsTest {

    private Server server;
    private ManagedChannel channel;

    private MgmtCtlGrpc.MgmtCtlBlockingStub serve(ServerServiceDefinition def) throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor().addService(def).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        return MgmtCtlGrpc.newBlockingStub(channel);
    }

    @After
    public void close() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow();
            assertTrue(channel.awaitTermination(5, TimeUnit.SECONDS));
        }
        if (server != null) {
            server.shutdownNow();
            assertTrue(server.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    private static ServerServiceDefinition unary(GrpcMethods.Unary<ProviderListRequest, ProviderListReply> m) {
        return ServerServiceDefinition.builder(MgmtCtlGrpc.SERVICE_NAME)
                .addMethod(MgmtCtlGrpc.getNetworkListProvidersMethod(), GrpcMethods.unary(m)).build();
    }

    private static ServerServiceDefinition streaming(GrpcMethods.Streaming<DeviceScanRequest, DeviceScanReply> m) {
        return ServerServiceDefinition.builder(MgmtCtlGrpc.SERVICE_NAME)
                .addMethod(MgmtCtlGrpc.getNetworkScanDevicesMethod(), GrpcMethods.serverStreaming(m)).build();
    }

    @Test
    public void unaryRepliesWithWhatTheMethodReturns() throws Exception {
        var stub = serve(unary(req -> ProviderListReply.newBuilder().setProvider("ofi+tcp").build()));
        assertEquals("ofi+tcp", stub.networkListProviders(ProviderListRequest.getDefaultInstance())
                .getProvider());
    }

    @Test
    public void unaryFailuresGoThroughTheMapper() throws Exception {
        var stub = serve(unary(req -> {
            throw new FaultException(Faults.SERVER_HARNESS_NOT_STARTED);
        }));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> stub.networkListProviders(ProviderListRequest.getDefaultInstance()));
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals(Faults.SERVER_HARNESS_NOT_STARTED.toString(), e.getStatus().getDescription());
    }

    @Test
    public void unaryCheckedAndUncheckedFailuresAreUnknown() throws Exception {
        var stub = serve(unary(req -> {
            throw new java.io.IOException("disk gone");
        }));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> stub.networkListProviders(ProviderListRequest.getDefaultInstance()));
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        assertEquals("disk gone", e.getStatus().getDescription());
    }

    @Test
    public void streamingSendsEveryReplyThenCompletes() throws Exception {
        var stub = serve(streaming((req, out) -> {
            out.send(DeviceScanReply.newBuilder().setDevice("lo").build());
            out.send(DeviceScanReply.newBuilder().setDevice("eth0").build());
        }));
        List<String> got = new ArrayList<>();
        stub.networkScanDevices(DeviceScanRequest.getDefaultInstance()).forEachRemaining(r -> got.add(r.getDevice()));
        assertEquals(List.of("lo", "eth0"), got);
    }

    @Test
    public void streamingFailureAfterRepliesEndsTheCallWithTheMappedStatus() throws Exception {
        var stub = serve(streaming((req, out) -> {
            out.send(DeviceScanReply.newBuilder().setDevice("lo").build());
            throw new IllegalStateException("scan broke");
        }));
        Iterator<DeviceScanReply> it = stub.networkScanDevices(DeviceScanRequest.getDefaultInstance());
        assertEquals("lo", it.next().getDevice());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, it::hasNext);
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        assertEquals("scan broke", e.getStatus().getDescription());
    }

    @Test
    public void anInterruptedMethodIsCancelledAndKeepsTheInterruptFlag() throws Exception {
        boolean[] flag = new boolean[1];
        var stub = serve(unary(req -> {
            try {
                throw new InterruptedException();
            } finally {
                flag[0] = Thread.currentThread().isInterrupted();
            }
        }));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> stub.networkListProviders(ProviderListRequest.getDefaultInstance()));
        assertEquals(Status.Code.CANCELLED, e.getStatus().getCode());
        assertFalse(flag[0]);
        // the handler ran on this thread (direct executor): the mapper restored the interrupt
        assertTrue(Thread.interrupted());
    }
}
