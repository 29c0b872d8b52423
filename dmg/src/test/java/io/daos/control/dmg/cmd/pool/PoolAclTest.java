package io.daos.control.dmg.cmd.pool;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Before;
import org.junit.Test;

import io.daos.control.api.acl.Acl;
import io.daos.control.api.acl.AclException;
import io.daos.control.proto.mgmt.ACLResp;
import io.daos.control.proto.mgmt.DeleteACLReq;
import io.daos.control.proto.mgmt.GetACLReq;
import io.daos.control.proto.mgmt.ModifyACLReq;

/** The four ACL commands against a loopback service. */
public class PoolAclTest extends LoopbackTest {

    private static final String UUID = "2a8ec3b2-729b-4617-bf51-77f37f764194";
    private static final ACLResp POOL_ACL = ACLResp.newBuilder().setOwnerUser("bob@").setOwnerGroup("staff@")
            .addACL("A::OWNER@:rw").addACL("A:G:GROUP@:rw").build();
    private static final String RENDERED = "# Owner: bob@\n# Owner Group: staff@\n# Entries:\nA::OWNER@:rw\nA:G:GROUP@:rw\n";

    @Before
    public void setUp() {
        mgmt.reply = POOL_ACL;
    }

    @Test
    public void getAclPrintsTheRendering() {
        assertEquals(0, mgmt.run(cwd, "pool", "get-acl", "--pool", UUID));
        assertEquals(UUID, ((GetACLReq) mgmt.request).getUuid());
        assertEquals(mgmt.connected() + RENDERED, mgmt.out());
        assertEquals(0, mgmt.run(cwd, "pool", "ga", "--pool", UUID, "-v"));
        assertEquals(mgmt.connected() + "# Owner: bob@\n# Owner Group: staff@\n# Entries:\n# Allow::Owner:Read/Write\n"
                + "A::OWNER@:rw\n# Allow:Group:Owner-Group:Read/Write\nA:G:GROUP@:rw\n", mgmt.out());
    }

    @Test
    public void getAclOfAnEmptyAclWithoutOwners() {
        mgmt.reply = ACLResp.getDefaultInstance();
        assertEquals(0, mgmt.run(cwd, "pool", "get-acl", "--pool", UUID, "--verbose"));
        assertEquals(mgmt.connected() + "# Entries:\n#   None\n", mgmt.out());
    }

    @Test
    public void getAclToAFileRefusesToClobberWithoutForce() throws IOException {
        Path file = cwd.resolve("acl.txt");
        assertEquals(0, mgmt.run(cwd, "pool", "get-acl", "--pool", UUID, "-o", file.toString()));
        assertEquals(mgmt.connected() + "Wrote ACL to output file: " + file + "\n", mgmt.out());
        assertEquals(RENDERED, Files.readString(file));
        assertEquals(1, mgmt.run(cwd, "pool", "get-acl", "--pool", UUID, "-o", file.toString()));
        assertEquals("ERROR: dmg: file already exists: " + file + "\n", mgmt.err());
        Files.writeString(file, "old text that is longer than the ACL rendering, to be truncated ..........");
        assertEquals(0, mgmt.run(cwd, "pool", "get-acl", "--pool", UUID, "-o", file.toString(), "--force"));
        assertEquals(RENDERED, Files.readString(file));
    }

    @Test
    public void getAclToAFileInAMissingDirectory() {
        assertEquals(1, mgmt.run(cwd, "pool", "get-acl", "--pool", UUID, "--outfile", "/foo/bar/acl.txt"));
        assertEquals(mgmt.connected(), mgmt.out());
        assertEquals("ERROR: Unable to create file: /foo/bar/acl.txt\n"
                + "ERROR: dmg: open /foo/bar/acl.txt: no such file or directory\n", mgmt.err());
    }

    @Test
    public void getAclJsonDocument() throws IOException {
        assertEquals(0, mgmt.run(cwd, "-j", "pool", "get-acl", "--pool", UUID));
        assertTrue(mgmt.out(), mgmt.out().endsWith("{\"uuid\":\"" + UUID + "\",\"owner_user\":\"bob@\","
                + "\"owner_group\":\"staff@\",\"entries\":[\"A::OWNER@:rw\",\"A:G:GROUP@:rw\"],\"outfile\":null}\n"));
    }

    @Test
    public void getAclFailure() {
        mgmt.reply = ACLResp.newBuilder().setStatus(-1005).build();
        assertEquals(1, mgmt.run(cwd, "pool", "get-acl", "--pool", UUID));
        assertEquals(mgmt.connected() + "Pool-get-ACL command failed: DAOS returned error code: -1005\n", mgmt.out());
        assertEquals("ERROR: dmg: DAOS returned error code: -1005\n", mgmt.err());
    }

    @Test
    public void overwriteAclSendsTheFileEntriesUnchecked() throws IOException {
        Path f = Files.writeString(cwd.resolve("acl"), "A::OWNER@:rw\nA::user1@:rw\n# comment\n #another comment here\n"
                + "A:g:group1@:r\n\n");
        assertEquals(0, mgmt.run(cwd, "pool", "overwrite-acl", "--pool", UUID, "-a", f.toString()));
        ModifyACLReq r = (ModifyACLReq) mgmt.request;
        assertEquals(UUID, r.getUuid());
        assertEquals(List.of("A::OWNER@:rw", "A::user1@:rw", "A:g:group1@:r"), r.getACLList());
        assertEquals(mgmt.connected() + "Pool-overwrite-ACL command succeeded, UUID: " + UUID + "\n" + RENDERED,
                mgmt.out());
    }

    @Test
    public void overwriteAclErrors() throws IOException {
        assertEquals(1, mgmt.run(cwd, "pool", "overwrite-acl", "--pool", UUID));
        assertEquals("ERROR: dmg: the required flag `-a, --acl-file' was not specified\n", mgmt.err());
        assertEquals(1, mgmt.run(cwd, "pool", "oa", "--pool", UUID, "-a", "/not/a/real/file"));
        assertEquals("ERROR: dmg: opening ACL file: open /not/a/real/file: no such file or directory\n", mgmt.err());
        assertEquals(0, mgmt.calls);
    }

    /**
     * A bad entry goes to the server as the reference sends it; the server's refusal (here decided
     * with the ACL rules our management service uses) is printed as the reference prints it.
     */
    @Test
    public void aBadAceIsRefusedByTheServerWithTheReferencesMessage() throws AclException {
        String bad = "A::GROUP@:rw";
        int der = 0;
        try {
            Acl.parse(List.of(bad));
        } catch (AclException e) {
            der = e.der();
        }
        assertEquals(-1003, der);
        mgmt.reply = ACLResp.newBuilder().setStatus(der).build();
        assertEquals(1, mgmt.run(cwd, "pool", "update-acl", "--pool", UUID, "-e", bad));
        assertEquals(List.of(bad), ((ModifyACLReq) mgmt.request).getACLList());
        assertEquals(mgmt.connected() + "Pool-update-ACL command failed: DAOS returned error code: -1003\n",
                mgmt.out());
        assertEquals("ERROR: dmg: DAOS returned error code: -1003\n", mgmt.err());
    }

    @Test
    public void updateAclWithOneEntryOrAFile() throws IOException {
        assertEquals(0, mgmt.run(cwd, "pool", "ua", "--pool", UUID, "--entry", "A::alice@:r"));
        assertEquals(List.of("A::alice@:r"), ((ModifyACLReq) mgmt.request).getACLList());
        assertEquals(mgmt.connected() + "Pool-update-ACL command succeeded, UUID: " + UUID + "\n" + RENDERED,
                mgmt.out());
        Path f = Files.writeString(cwd.resolve("acl"), "A::alice@:r\nA::bob@:rw\n");
        assertEquals(0, mgmt.run(cwd, "pool", "update-acl", "--pool", UUID, "--acl-file", f.toString()));
        assertEquals(List.of("A::alice@:r", "A::bob@:rw"), ((ModifyACLReq) mgmt.request).getACLList());
    }

    @Test
    public void updateAclNeedsExactlyOneOfFileAndEntry() throws IOException {
        Path f = Files.writeString(cwd.resolve("acl"), "A::alice@:r\n");
        assertEquals(1, mgmt.run(cwd, "pool", "update-acl", "--pool", UUID));
        assertEquals("ERROR: dmg: either ACL file or entry parameter is required\n", mgmt.err());
        assertEquals(1, mgmt.run(cwd, "pool", "update-acl", "--pool", UUID, "-a", f.toString(), "-e", "A::x@:r"));
        assertEquals("ERROR: dmg: either ACL file or entry parameter is required\n", mgmt.err());
        assertEquals(0, mgmt.calls);
    }

    @Test
    public void deleteAclSendsThePrincipal() {
        assertEquals(0, mgmt.run(cwd, "pool", "delete-acl", "--pool", UUID, "-p", "u:alice@"));
        DeleteACLReq r = (DeleteACLReq) mgmt.request;
        assertEquals(UUID, r.getUuid());
        assertEquals("u:alice@", r.getPrincipal());
        assertEquals(mgmt.connected() + "Pool-delete-ACL command succeeded, UUID: " + UUID + "\n" + RENDERED,
                mgmt.out());
    }

    @Test
    public void deleteAclWithAnEmptyPrincipalIsRefusedByTheClient() {
        assertEquals(1, mgmt.run(cwd, "pool", "da", "--pool", UUID, "--principal", ""));
        assertEquals(mgmt.connected() + "Pool-delete-ACL command failed: no principal provided\n", mgmt.out());
        assertEquals("ERROR: dmg: no principal provided\n", mgmt.err());
        assertEquals(0, mgmt.calls);
        assertEquals(1, mgmt.run(cwd, "pool", "da", "--pool", UUID));
        assertEquals("ERROR: dmg: the required flag `-p, --principal' was not specified\n", mgmt.err());
    }
}
