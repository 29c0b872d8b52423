package io.daos.control.dmg.cmd.pool;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.Before;
import org.junit.Test;

import io.daos.control.api.fault.Fault;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;

/** {@code pool create} against a loopback management service: the request it sees and the output. */
public class PoolCreateTest extends LoopbackTest {

    @Before
    public void setUp() throws IOException {
        mgmt.reply = PoolCreateResp.newBuilder().addSvcreps(1).addSvcreps(2).build();
    }

    private PoolCreateReq sent() {
        return (PoolCreateReq) mgmt.request;
    }

    private static String id(String flag) throws Exception {
        Process p = new ProcessBuilder("id", flag).start();
        String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor());
        return s;
    }

    @Test
    public void binarySizeAndNsvcWithTheCurrentUserAndPrimaryGroupAsOwners() throws Exception {
        assertEquals(0, mgmt.run(cwd, "pool", "create", "--scm-size", "512GiB", "--nsvc", "3"));
        PoolCreateReq r = sent();
        assertEquals(549755813888L, r.getScmbytes());
        assertEquals(0, r.getNvmebytes());
        assertEquals(3, r.getNumsvcreps());
        assertEquals("daos_server", r.getSys());
        assertEquals(id("-un") + "@", r.getUser());
        assertEquals(id("-gn") + "@", r.getUsergroup());
        assertEquals(List.of(), r.getRanksList());
        assertEquals(List.of(), r.getAclList());
        // generated client-side: a random (version 4) UUID in lower-case canonical form
        UUID u = UUID.fromString(r.getUuid());
        assertEquals(4, u.version());
        assertEquals(u.toString(), r.getUuid());
        assertEquals(mgmt.connected() + "Pool-create command SUCCEEDED: UUID: " + r.getUuid()
                + ", Service replicas: 1,2\n", mgmt.out());
        assertEquals("", mgmt.err());
    }

    @Test
    public void decimalSizesNamedOwnersSysAndAclFile() throws Exception {
        Path acl = Files.writeString(cwd.resolve("acl.txt"), "# pool ACL\nA::OWNER@:rw\n\n  A:G:GROUP@:r  \n");
        assertEquals(0, mgmt.run(cwd, "pool", "create", "-s", "1G", "--user", "foo", "--group", "bar",
                "--nvme-size", "512GB", "--sys", "fnord", "--acl-file", acl.toString()));
        PoolCreateReq r = sent();
        assertEquals(1000000000L, r.getScmbytes());
        assertEquals(512000000000L, r.getNvmebytes());
        assertEquals("foo@", r.getUser());
        assertEquals("bar@", r.getUsergroup());
        assertEquals("fnord", r.getSys());
        assertEquals(1, r.getNumsvcreps());
        assertEquals(List.of("A::OWNER@:rw", "A:G:GROUP@:r"), r.getAclList());
    }

    @Test
    public void ownersWithDomainsUnchangedAndOnlyOneGivenLeavesTheOtherEmpty() throws Exception {
        assertEquals(0, mgmt.run(cwd, "pool", "create", "-s", "1000000", "-u", "foo@home", "-g", "bar@home"));
        assertEquals(1000000L, sent().getScmbytes());
        assertEquals("foo@home", sent().getUser());
        assertEquals("bar@home", sent().getUsergroup());
        assertEquals(0, mgmt.run(cwd, "pool", "create", "-s", "1G", "--user", "foo"));
        assertEquals("foo@", sent().getUser());
        assertEquals("", sent().getUsergroup());
        assertEquals(0, mgmt.run(cwd, "pool", "create", "-s", "1G", "--group", "foo"));
        assertEquals("", sent().getUser());
        assertEquals("foo@", sent().getUsergroup());
    }

    @Test
    public void ranksWithRangesAndAGivenUuidNormalised() throws Exception {
        assertEquals(0, mgmt.run(cwd, "pool", "create", "-s", "1G", "--ranks", "5,0-2", "-p",
                "{2A8EC3B2-729B-4617-BF51-77F37F764194}"));
        assertEquals(List.of(0, 1, 2, 5), sent().getRanksList());
        assertEquals("2a8ec3b2-729b-4617-bf51-77f37f764194", sent().getUuid());
        assertTrue(mgmt.out().endsWith("UUID: 2a8ec3b2-729b-4617-bf51-77f37f764194, Service replicas: 1,2\n"));
    }

    @Test
    public void jsonGivesOneDocument() throws Exception {
        assertEquals(0, mgmt.run(cwd, "-j", "pool", "create", "-s", "1G", "-p", "2a8ec3b2729b4617bf5177f37f764194"));
        String out = mgmt.out();
        assertTrue(out, out.endsWith("{\"uuid\":\"2a8ec3b2-729b-4617-bf51-77f37f764194\",\"svc_replicas\":[1,2]}\n"));
    }

    private void fails(String message, String... args) {
        int calls = mgmt.calls;
        assertEquals(1, mgmt.run(cwd, args));
        assertEquals(mgmt.connected(), mgmt.out());
        assertEquals("ERROR: dmg: " + message + "\n", mgmt.err());
        assertEquals("nothing sent", calls, mgmt.calls);
    }

    @Test
    public void badInputIsRefusedBeforeAnythingIsSent() throws Exception {
        fails("pool SCM size: unhandled size name: x", "pool", "create", "-s", "1x");
        fails("pool SCM size: strconv.ParseFloat: parsing \"\": invalid syntax", "pool", "create", "--scm-size=-1G");
        fails("pool NVMe size: strconv.ParseFloat: parsing \"\": invalid syntax", "pool", "create", "-s", "1G",
                "-n", "abc");
        fails("max number of service replicas is 13, got 14", "pool", "create", "-s", "1G", "--nsvc", "14");
        fails("opening ACL file: open /not/a/real/file: no such file or directory", "pool", "create", "-s", "1G",
                "--acl-file", "/not/a/real/file");
        Path empty = Files.writeString(cwd.resolve("empty"), "# nothing\n\n");
        fails("ACL file '" + empty + "' contains no entries", "pool", "create", "-s", "1G", "-a", empty.toString());
    }

    @Test
    public void aMissingScmSizeIsTheParsersError() {
        assertEquals(1, mgmt.run(cwd, "pool", "create"));
        assertEquals("ERROR: dmg: the required flag `-s, --scm-size' was not specified\n", mgmt.err());
        assertEquals(0, mgmt.calls);
    }

    @Test
    public void aBadUuidPrintsTheFailureLineAndTheError() {
        assertEquals(1, mgmt.run(cwd, "pool", "create", "-s", "1G", "-p", "abcde"));
        assertEquals(mgmt.connected() + "Pool-create command FAILED: bad pool UUID: \"abcde\": invalid UUID length: 5\n",
                mgmt.out());
        assertEquals("ERROR: dmg: bad pool UUID: \"abcde\": invalid UUID length: 5\n", mgmt.err());
        assertEquals(0, mgmt.calls);
    }

    @Test
    public void aBadRankListIsRefused() {
        assertEquals(1, mgmt.run(cwd, "pool", "create", "-s", "1G", "-r", "0,A,"));
        assertTrue(mgmt.err(), mgmt.err().startsWith("ERROR: dmg: parsing rank list: "));
        assertEquals(0, mgmt.calls);
    }

    @Test
    public void aNonZeroStatusIsFollowedByAnEmptyLine() {
        mgmt.reply = PoolCreateResp.newBuilder().setStatus(-1003).build();
        assertEquals(1, mgmt.run(cwd, "pool", "create", "-s", "1G"));
        assertEquals(mgmt.connected() + "Pool-create command FAILED: DAOS returned error code: -1003\n\n", mgmt.out());
        assertEquals("ERROR: dmg: DAOS returned error code: -1003\n", mgmt.err());
    }

    @Test
    public void aServerFaultIsPrintedWithItsResolution() {
        Fault f = new Fault("server", 644, "requested SCM capacity (999 B) is too small (min 128 MiB)",
                "SCM capacity should be larger than 128 MiB");
        mgmt.error = GrpcErrors.fault(f);
        assertEquals(1, mgmt.run(cwd, "pool", "create", "-s", "999"));
        assertEquals(mgmt.connected() + "Pool-create command FAILED: " + f + "\n", mgmt.out());
        assertEquals("ERROR: dmg: " + f + "\nERROR: dmg: " + f.resolutionLine() + "\n", mgmt.err());
    }
}
