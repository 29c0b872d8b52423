package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.RuleChain;

import io.daos.control.proto.ctl.DeviceScanRequest;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.PrepareNvmeReq;
import io.daos.control.proto.ctl.ProviderListRequest;
import io.daos.control.proto.ctl.StoragePrepareReq;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.LeaderQueryReq;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;

/**
 * Issue 10's edge checks against a running node, over real gRPC on TCP with grpc-java's default
 * limits (8 KiB of trailers): the distribution on its embedded default configuration, waiting at
 * the format gate (nothing is formatted, no engine runs). Each oversized or malformed field gets a
 * clean INVALID_ARGUMENT well within its deadline, the next call on the same channel succeeds, and
 * afterwards the same daos_server process answers health and SystemQuery. No request here is one
 * the node would act on: a valid NVMe prepare would change this host's hugepages.
 */
public class RequestBoundsIT {

    private static final long START_MS = 60_000;
    /** The deadline of a rejected call: it must end long before, with INVALID_ARGUMENT. */
    private static final long CALL_S = 20;

    private static final DistRule DIST = new DistRule("e2e-bounds");
    private static final WorkRule SERVER = new WorkRule(DIST);

    /** The copy outside the server: the server is stopped before the copy is deleted. */
    @ClassRule
    public static final RuleChain RULES = RuleChain.outerRule(DIST).around(SERVER);

    private static ServerProcess server;
    private static long pid;
    private static ManagedChannel channel;

    @BeforeClass
    public static void startAtTheFormatGate() throws Exception {
        int port = NodeSupport.portBelowEphemeralRange();
        server = SERVER.start("start", "-p", Integer.toString(port));
        assertEquals(port, server.awaitListening(START_MS));
        server.awaitErr(l -> l.contains("SCM format required on instance 0"), START_MS);
        pid = server.process.pid();
        channel = SERVER.channel(port);
    }

    private static MgmtCtlGrpc.MgmtCtlBlockingStub ctl() {
        return MgmtCtlGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_S, TimeUnit.SECONDS);
    }

    private static MgmtSvcGrpc.MgmtSvcBlockingStub mgmt() {
        return MgmtSvcGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_S, TimeUnit.SECONDS);
    }

    /**
     * The node is the same process and answers health and SystemQuery (at the format gate the
     * harness has not started: SystemQuery's answer is the reference's fault 647).
     */
    @After
    public void theNodeIsUnhurt() {
        assertTrue("daos_server (pid " + pid + ") still running", server.process.isAlive());
        assertEquals(pid, server.process.pid());
        assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_S,
                TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance()).getStatus());
        try {
            ctl().systemQuery(SystemQueryReq.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            assertEquals(e.toString(), Status.Code.INTERNAL, e.getStatus().getCode());
            assertTrue(e.toString(), e.getStatus().getDescription().contains("code = 647"));
        }
    }

    /**
     * {@code call} ends with INVALID_ARGUMENT naming {@code field}, in well under its deadline, with
     * a short message; then {@code next} succeeds on the same channel.
     */
    private static void rejectedThenServed(String what, String field, Runnable call, Runnable next) {
        long t0 = System.nanoTime();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(e.toString(), Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        String d = e.getStatus().getDescription();
        assertTrue(d, d.startsWith(field + ": "));
        assertTrue(d.length() + " characters", d.length() < 200);
        assertTrue(what + " took " + ms + " ms", ms < TimeUnit.SECONDS.toMillis(CALL_S) / 2);
        next.run();
        System.out.println("RequestBoundsIT: " + what + " refused in " + ms + " ms: " + d);
    }

    @Test
    public void defect1AMegabyteTargetUserIsRefusedAndTheNodeLives() {
        rejectedThenServed("StoragePrepare{nvme.targetuser: 1 MiB}", "nvme.targetuser",
                () -> ctl().storagePrepare(StoragePrepareReq.newBuilder().setNvme(
                        PrepareNvmeReq.newBuilder().setTargetuser("u".repeat(1 << 20))).build()),
                () -> ctl().networkListProviders(ProviderListRequest.getDefaultInstance()));
        rejectedThenServed("StoragePrepare{nvme.targetuser: root;id}", "nvme.targetuser",
                () -> ctl().storagePrepare(StoragePrepareReq.newBuilder().setNvme(
                        PrepareNvmeReq.newBuilder().setTargetuser("root;id")).build()),
                () -> ctl().networkListProviders(ProviderListRequest.getDefaultInstance()));
    }

    @Test
    public void defect8HugepagesBeyondTheHostsMemoryAreRefused() throws Exception {
        Path nr = Path.of("/proc/sys/vm/nr_hugepages");
        String before = Files.isReadable(nr) ? Files.readString(nr) : "";
        rejectedThenServed("StoragePrepare{nvme.nrhugepages: 2^31-1}", "nvme.nrhugepages",
                () -> ctl().storagePrepare(StoragePrepareReq.newBuilder().setNvme(
                        PrepareNvmeReq.newBuilder().setNrhugepages(Integer.MAX_VALUE)).build()),
                () -> ctl().networkListProviders(ProviderListRequest.getDefaultInstance()));
        rejectedThenServed("StoragePrepare{nvme.pciwhitelist: 100 KB}", "nvme.pciwhitelist",
                () -> ctl().storagePrepare(StoragePrepareReq.newBuilder().setNvme(
                        PrepareNvmeReq.newBuilder().setPciwhitelist("0000:81:00.0;x".repeat(8_000))).build()),
                () -> ctl().networkListProviders(ProviderListRequest.getDefaultInstance()));
        assertEquals("the host's hugepages untouched", before, Files.isReadable(nr) ? Files.readString(nr) : "");
    }

    @Test
    public void defect3HugeStringsAreRefusedAndTheConnectionSurvives() {
        String huge = "x".repeat(100_000);
        rejectedThenServed("LeaderQuery{system: 100 KB}", "system",
                () -> mgmt().leaderQuery(LeaderQueryReq.newBuilder().setSystem(huge).build()),
                () -> ctl().networkListProviders(ProviderListRequest.getDefaultInstance()));
        rejectedThenServed("NetworkScanDevices{provider: 100 KB}", "provider",
                () -> ctl().networkScanDevices(DeviceScanRequest.newBuilder().setProvider(huge).build()).hasNext(),
                () -> ctl().networkListProviders(ProviderListRequest.getDefaultInstance()));
        rejectedThenServed("Join{addr: 100 KB}", "addr",
                () -> mgmt().join(JoinReq.newBuilder().setUuid("a106d667-5c5d-4d6f-ac3a-89099196c41a")
                        .setAddr(huge).build()),
                () -> ctl().networkListProviders(ProviderListRequest.getDefaultInstance()));
    }

    @Test
    public void aWrongSystemOfNormalLengthKeepsTheReferencesErrorWithAShortEcho() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> mgmt().leaderQuery(LeaderQueryReq.newBuilder().setSystem("q".repeat(200)).build()));
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        assertEquals("received leader query for wrong system (local: \"daos_server\", req: \"" + "q".repeat(40)
                + "\"... (200 characters))", e.getStatus().getDescription());
    }
}
