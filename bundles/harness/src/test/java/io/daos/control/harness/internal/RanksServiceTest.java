package io.daos.control.harness.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;

/** The four *Ranks methods as a gRPC client sees them, over an in-process channel. */
public class RanksServiceTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<IOServerInstance> instances = new ArrayList<>();
    private volatile boolean interruptWaits;
    private final RankOpsLock turn = new RankOpsLock();
    private Server server;
    private ManagedChannel channel;
    private MgmtSvcGrpc.MgmtSvcBlockingStub stub;

    private final LocalInstances harness = new LocalInstances() {
        @Override
        public List<IOServerInstance> instances() {
            return instances;
        }

        @Override
        public void requestStart() {
        }

        @Override
        public void awaitRunning(boolean all, List<IOServerInstance> which, long ms) throws InterruptedException {
            if (interruptWaits) {
                throw new InterruptedException();
            }
        }

        @Override
        public RankOpsLock rankOps() {
            return turn;
        }
    };

    @Before
    public void setUp() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor().addService(new RanksService(harness)).build()
                .start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        stub = MgmtSvcGrpc.newBlockingStub(channel);
    }

    @After
    public void tearDown() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    @Test
    public void itServesExactlyTheFourRanksMethodsOfMgmtSvc() {
        ServerServiceDefinition d = new RanksService(harness).bindService();
        assertEquals("mgmt.MgmtSvc", d.getServiceDescriptor().getName());
        Set<String> methods = d.getMethods().stream().map(m -> m.getMethodDescriptor().getBareMethodName())
                .collect(Collectors.toSet());
        assertEquals(Set.of("PrepShutdownRanks", "StopRanks", "StartRanks", "PingRanks"), methods);
    }

    @Test
    public void answersComeBackAsReplies() {
        RanksReq all = RanksReq.getDefaultInstance();
        assertEquals(RanksResp.getDefaultInstance(), stub.prepShutdownRanks(all));
        assertEquals(RanksResp.getDefaultInstance(), stub.stopRanks(all));
        assertEquals(RanksResp.getDefaultInstance(), stub.startRanks(all));
        assertEquals(RanksResp.getDefaultInstance(), stub.pingRanks(all));
    }

    @Test
    public void callLevelErrorsAreUnknownWithTheText() throws Exception {
        Fixture fx = new Fixture(tmp.getRoot().toPath());
        var cfg = fx.config();
        instances.add(new IOServerInstance(0, cfg.servers().get(0), cfg, fx.hooks, new AccessPoints(cfg),
                new IOServerRunner(0, fx.dir.resolve("x"), Map.of(), new InstanceLog(fx.dir.resolve("l"))), null));
        for (Runnable call : List.<Runnable>of(
                () -> stub.prepShutdownRanks(RanksReq.getDefaultInstance()),
                () -> stub.stopRanks(RanksReq.getDefaultInstance()),
                () -> stub.startRanks(RanksReq.getDefaultInstance()),
                () -> stub.pingRanks(RanksReq.getDefaultInstance()))) {
            try {
                call.run();
                fail();
            } catch (StatusRuntimeException e) {
                assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
                assertEquals("nil superblock", e.getStatus().getDescription());
            }
        }
        fx.close();
    }

    @Test
    public void anInterruptedWaitIsCancelled() {
        interruptWaits = true;
        try {
            stub.stopRanks(RanksReq.getDefaultInstance());
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.CANCELLED, e.getStatus().getCode());
            assertEquals("interrupted", e.getStatus().getDescription());
        }
        Thread.interrupted(); // directExecutor: the handler ran on this thread and re-set the flag
    }
}
