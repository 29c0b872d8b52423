package io.daos.control.itest.fuzz;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;
import org.junit.Test;

import io.daos.control.itest.e2e.RunningNode;
import io.daos.control.itest.support.TlsFiles;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;

/**
 * Security's dRPC module 4 fuzzed where it does its real work (issue 16, point 5): a secure node
 * (certificates from {@code bin/daos_gen_certs}, mutual TLS, the agent's certificate in
 * {@code client_cert_dir}: {@link RunningNode#startSecure}), formatted and joined, gets
 * {@code fuzz.iterations} credential validations on its control socket ({@link CredentialFuzzer}:
 * CI 200, long profiles 10,000): mutated requests, genuinely signed credentials, tampered ones and
 * others' signatures. Each must be answered with its sequence, genuine ones accepted and every
 * other refused. Before and after, the same server process answers health and SystemQuery (admin,
 * over TLS) with both members Started and its two engines running. Report:
 * {@code target/fuzz-creds-report.txt}.
 */
public class CredentialFuzzIT {

    private static final int STARTED = 1;

    @Test
    public void credentialValidationOfASecureNodeSurvivesAndRefusesEveryForgery() throws Exception {
        Assume.assumeTrue("the node needs root (ram SCM is a tmpfs mount)", RunningNode.isRoot());
        FuzzRun run = FuzzRun.fromSystemProperties();
        System.out.println("[fuzz] credentials seed " + run.seed() + "; reproduce: " + run.reproduce("CredentialFuzzIT"));
        Tally tally = new Tally();
        long t0 = System.nanoTime();
        try (RunningNode node = RunningNode.startSecure("fuzz-creds")) {
            ManagedChannel admin = node.tlsChannel("admin");
            try {
                long pid = node.pid();
                check(node, admin, pid).forEach(p -> tally.problem("before: " + p));
                CredentialFuzzer fuzzer = new CredentialFuzzer(node.drpcSocket(), run.seed(), (int) run.deadlineMs(),
                        TlsFiles.privateKey(node.pki().key("agent")), TlsFiles.privateKey(node.pki().key("admin")),
                        tally);
                long b0 = System.nanoTime();
                fuzzer.run(run.from(), run.to(run.iterations()), () -> node.pid() == pid && node.process().isAlive());
                System.out.printf("[fuzz] credentials: %d requests in %d ms%n", run.to(run.iterations()) - run.from(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - b0));
                check(node, admin, pid).forEach(p -> tally.problem("after: " + p));
            } finally {
                admin.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
                Files.copy(node.log(), Path.of("target", "fuzz-creds-server.log"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String report = tally.report("credential fuzz (dRPC module 4, secure node): seed " + run.seed() + ", "
                + run.iterations() + " requests, " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)
                + " s; reproduce: " + run.reproduce("CredentialFuzzIT"));
        run.write("fuzz-creds-report.txt", report);
        assertTrue(report, tally.count(CredentialFuzzer.TARGET + " signed", Outcome.OK) > 0);
        assertTrue(report, tally.clean());
    }

    /** What does not hold of the secure node (empty: healthy). */
    private static List<String> check(RunningNode node, ManagedChannel admin, long pid) {
        List<String> problems = new ArrayList<>();
        if (node.pid() != pid || !node.process().isAlive()) {
            problems.add("server pid " + pid + " is gone (stderr tail: " + node.stderrTail(5) + ")");
            return problems;
        }
        try {
            ServingStatus s = HealthGrpc.newBlockingStub(admin).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus();
            if (s != ServingStatus.SERVING) {
                problems.add("health says " + s);
            }
            List<SystemMember> members = MgmtCtlGrpc.newBlockingStub(admin).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .systemQuery(SystemQueryReq.getDefaultInstance()).getMembersList();
            if (members.size() != node.instances() || !members.stream().allMatch(m -> m.getState() == STARTED)) {
                problems.add("SystemQuery: " + members);
            }
        } catch (StatusRuntimeException e) {
            problems.add("health or SystemQuery failed: " + e.getStatus());
        }
        if (node.engines().size() != node.instances()) {
            problems.add(node.engines().size() + " engines for " + node.instances() + " instances");
        }
        return problems;
    }
}
