package io.daos.control.itest.fuzz;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;
import org.junit.Test;

import com.google.protobuf.Descriptors.MethodDescriptor;

import io.daos.control.itest.e2e.RunningNode;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.ctl.SystemStopReq;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;

/**
 * The methods later issues added, fuzzed with the state that makes them reach deep code (issue 16,
 * point 5): the pool and ACL methods, the system's stop, start and query, the leader query. The
 * node is its own access point (the management service's leader), formatted, both ranks joined,
 * and holds {@link PoolState}'s pools; the mutator puts those pools' uuids, valid ACEs and
 * principals, property names and sizes the node can serve in half of the fields that take them,
 * so that requests get past the uuid and size checks to the pool service, the engine's dRPC and
 * the ACL code (the plain {@link GrpcFuzzIT} sends random uuids, which end at "no such pool").
 * Before and after each method's batch the ranks are restored ({@link NodeCheck}: a fuzzed
 * SystemStop stops them) and the pools (the fuzzed ones destroyed, the missing ones created);
 * then one batch sends to all these methods at once, so that pool calls race system stops.
 * {@code fuzz.iterations} requests per method (CI 200; {@code -Pfuzz-long} and the long
 * reliability profile 10,000), the same outcome rules as {@link GrpcFuzzIT}, report in
 * {@code target/fuzz-pool-report.txt}.
 */
public class PoolSystemFuzzIT {

    private static final int STARTED = 1;

    /** The methods of issues 11 and 13 this test fuzzes; each must be served. */
    static final Set<String> METHODS = Set.of("mgmt.MgmtSvc/PoolCreate", "mgmt.MgmtSvc/PoolDestroy",
            "mgmt.MgmtSvc/PoolQuery", "mgmt.MgmtSvc/PoolSetProp", "mgmt.MgmtSvc/ListPools",
            "mgmt.MgmtSvc/ListContainers", "mgmt.MgmtSvc/PoolGetACL", "mgmt.MgmtSvc/PoolOverwriteACL",
            "mgmt.MgmtSvc/PoolUpdateACL", "mgmt.MgmtSvc/PoolDeleteACL", "mgmt.MgmtSvc/LeaderQuery",
            "ctl.MgmtCtl/SystemStop", "ctl.MgmtCtl/SystemStart", "ctl.MgmtCtl/SystemQuery");

    @Test
    public void poolAclAndSystemMethodsSurviveMutatedRequestsAgainstLivePools() throws Exception {
        Assume.assumeTrue("the node needs root (ram SCM is a tmpfs mount)", RunningNode.isRoot());
        FuzzRun run = FuzzRun.fromSystemProperties();
        System.out.println("[fuzz] pool/system seed " + run.seed() + "; reproduce: " + run.reproduce("PoolSystemFuzzIT"));
        Tally tally = new Tally();
        long t0 = System.nanoTime();
        try (RunningNode node = RunningNode.startFormatted("fuzz-pool")) {
            ManagedChannel fuzz = GrpcFuzzIT.channel(node.port());
            ManagedChannel checks = GrpcFuzzIT.channel(node.port());
            try {
                List<MethodDescriptor> methods = new ArrayList<>();
                Set<String> missing = new TreeSet<>(METHODS);
                for (MethodDescriptor m : ServedMethods.of(checks)) {
                    if (missing.remove(ServedMethods.fullName(m))) {
                        methods.add(m);
                    }
                }
                assertTrue("served: " + missing, missing.isEmpty());
                NodeCheck check = new NodeCheck(node, checks);
                PoolState pools = new PoolState(checks, run.seed());
                GrpcFuzzer fuzzer = new GrpcFuzzer(fuzz, new RequestMutator(Map.of(), pools.hints()), run.seed(),
                        run.deadlineMs(), tally);
                GrpcFuzzIT.fuzzEach(node, run, methods, fuzzer, pid -> {
                    List<String> problems = new ArrayList<>(check.restoreAndCheck(pid));
                    if (problems.isEmpty() && !allStarted(checks, node.instances())) {
                        // a fuzzed SystemStop with prep and without kill leaves the members
                        // Stopping while their engines run on (NodeCheck accepts that), and no
                        // pool can be created on them: a killing stop, then NodeCheck starts them
                        stopAll(checks);
                        problems.addAll(check.restoreAndCheck(pid));
                    }
                    if (problems.isEmpty()) {
                        problems.addAll(pools.restore());
                    }
                    return problems;
                }, tally);
            } finally {
                fuzz.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
                checks.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
                Files.copy(node.log(), Path.of("target", "fuzz-pool-server.log"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String report = tally.report("pool/system fuzz: seed " + run.seed() + ", " + run.iterations()
                + " requests per method, " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)
                + " s; reproduce: " + run.reproduce("PoolSystemFuzzIT"));
        run.write("fuzz-pool-report.txt", report);
        assertTrue(report, tally.clean());
    }

    /** Whether SystemQuery lists {@code members} members, all Started. */
    private static boolean allStarted(ManagedChannel ch, int members) {
        try {
            List<SystemMember> m = MgmtCtlGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .systemQuery(SystemQueryReq.getDefaultInstance()).getMembersList();
            return m.size() == members && m.stream().allMatch(x -> x.getState() == STARTED);
        } catch (StatusRuntimeException e) {
            return false;
        }
    }

    /** SystemStop with kill and force: every member Stopped, its engine gone. */
    private static void stopAll(ManagedChannel ch) {
        try {
            MgmtCtlGrpc.newBlockingStub(ch).withDeadlineAfter(60, TimeUnit.SECONDS)
                    .systemStop(SystemStopReq.newBuilder().setKill(true).setForce(true).build());
        } catch (StatusRuntimeException e) {
            // NodeCheck's restore then tells what does not hold
        }
    }
}
