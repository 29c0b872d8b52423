package io.daos.control.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import io.daos.control.api.acl.Acl;
import io.daos.control.api.acl.AclException;
import io.daos.control.api.acl.Principal;
import io.daos.control.api.drpc.Der;
import java.util.List;
import org.junit.Test;

/** The ACL rules as the emulated data plane applies them (the shared {@link Acl} of the api). */
public class AclTest {

    private static List<String> canon(String... aces) throws Exception {
        return Acl.parse(List.of(aces)).strings();
    }

    private static void invalid(String... aces) {
        try {
            Acl.parse(List.of(aces));
            fail("accepted " + List.of(aces));
        } catch (AclException expected) {
            assertEquals(Der.INVAL, expected.der());
        }
    }

    private static List<String> delete(Acl acl, String principal) throws AclException {
        return acl.delete(Principal.parse(principal)).strings();
    }

    @Test
    public void canonicalLettersAndOrder() throws Exception {
        assertEquals(List.of("A::bob@:rw"), canon("A::bob@:wr"));
        assertEquals(List.of("AU:SF:bob@:r"), canon("UA:SF:bob@:r"));
        assertEquals(List.of("A::OWNER@:rw", "A:G:GROUP@:rw", "A::EVERYONE@:r"),
                canon("A::EVERYONE@:r", "A:G:GROUP@:rw", "A::OWNER@:rw"));
        assertEquals(List.of("A::OWNER@:r", "A::u2@:r", "A::u1@dom:rwcdtTaAo", "A:G:GROUP@:", "A:G:g@:r",
                "A::EVERYONE@:r"),
                canon("A:G:g@:r", "A::EVERYONE@:r", "A::u2@:rr", "A:G:GROUP@:", "A::u1@dom:oAaTtdcwr",
                        "A::OWNER@:r"));
        // a user and a group of the same name are different principals
        assertEquals(List.of("A::x@:r", "A:G:x@:r"), canon("A:G:x@:r", "A::x@:r"));
    }

    @Test
    public void invalidEntries() {
        invalid();                       // empty list
        invalid("A::bob@");              // 3 fields
        invalid("A::bob@:r:x");          // 5 fields
        invalid("::bob@:r");             // no type
        invalid("X::bob@:r");            // unknown type
        invalid("A:Q:bob@:r");           // unknown flag
        invalid("A::bob@:z");            // unknown permission
        invalid("A::bob:r");             // no @
        invalid("A::@bob:r");            // @ first
        invalid("A::a@b@c:r");           // two @
        invalid("A::GROUP@:rw");         // GROUP@ needs G
        invalid("A:G:OWNER@:rw");        // G only for groups
        invalid("A:G:EVERYONE@:r");
        invalid("U::bob@:r");            // audit needs S or F
        invalid("A:S:bob@:r");           // allow may not have S/F
        invalid("A::bob@:r", "A::bob@:w"); // duplicate principal
        invalid("A::" + "x".repeat(300) + "@:r");
    }

    @Test
    public void auditAndAlarm() throws Exception {
        assertEquals(List.of("L:GF:grp@:w"), canon("L:FG:grp@:w"));
        assertEquals(List.of("AUL:S:bob@:"), canon("LUA:S:bob@:"));
    }

    @Test
    public void updateReplacesInPlaceOrInsertsBeforeLaterType() throws Exception {
        Acl cur = Acl.parse(List.of("A::OWNER@:rw", "A::alice@:r", "A:G:GROUP@:rw", "A::EVERYONE@:r"));
        Acl ch = Acl.parse(List.of("A::alice@:rw", "A::bob@:r", "A:G:staff@:r"));
        assertEquals(List.of("A::OWNER@:rw", "A::alice@:rw", "A::bob@:r", "A:G:GROUP@:rw", "A:G:staff@:r",
                "A::EVERYONE@:r"), cur.update(ch).strings());
        // append when nothing of a later type exists
        assertEquals(List.of("A::OWNER@:rw", "A::EVERYONE@:r"),
                Acl.parse(List.of("A::OWNER@:rw")).update(Acl.parse(List.of("A::EVERYONE@:r"))).strings());
    }

    @Test
    public void deletePrincipals() throws Exception {
        Acl cur = Acl.parse(List.of("A::OWNER@:rw", "A::alice@:r", "A:G:alice@:r", "A:G:GROUP@:rw",
                "A::EVERYONE@:r"));
        assertEquals(List.of("A::OWNER@:rw", "A:G:GROUP@:rw", "A:G:alice@:r", "A::EVERYONE@:r"),
                delete(cur, "u:alice@"));
        assertEquals(List.of("A::OWNER@:rw", "A::alice@:r", "A:G:GROUP@:rw", "A::EVERYONE@:r"),
                delete(cur, "g:alice@"));
        assertEquals(4, delete(cur, "GROUP@").size());
        assertEquals(4, delete(cur, "OWNER@").size());
        assertEquals(4, delete(cur, "EVERYONE@").size());
        try {
            delete(cur, "u:bob@");
            fail("deleted a principal without an entry");
        } catch (AclException e) {
            assertEquals(Der.NONEXIST, e.der());
        }
        for (String bad : new String[] {"alice@", "u:alice", "x:alice@", "u:", "owner@", ""}) {
            try {
                Principal.parse(bad);
                fail("accepted principal " + bad);
            } catch (AclException expected) {
                assertEquals(Der.INVAL, expected.der());
            }
        }
    }
}
