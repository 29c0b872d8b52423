package io.daos.control.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import java.util.List;
import org.junit.Test;

public class AclTest {

    private static List<String> canon(String... aces) throws Exception {
        return Acl.strings(Acl.parse(List.of(aces)));
    }

    private static void invalid(String... aces) {
        try {
            Acl.parse(List.of(aces));
            fail("accepted " + List.of(aces));
        } catch (Acl.InvalidAclException expected) {
            // ok
        }
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
        List<Acl.Ace> cur = Acl.parse(List.of("A::OWNER@:rw", "A::alice@:r", "A:G:GROUP@:rw", "A::EVERYONE@:r"));
        List<Acl.Ace> ch = Acl.parse(List.of("A::alice@:rw", "A::bob@:r", "A:G:staff@:r"));
        assertEquals(List.of("A::OWNER@:rw", "A::alice@:rw", "A::bob@:r", "A:G:GROUP@:rw", "A:G:staff@:r",
                "A::EVERYONE@:r"), Acl.strings(Acl.update(cur, ch)));
        // append when nothing of a later type exists
        assertEquals(List.of("A::OWNER@:rw", "A::EVERYONE@:r"),
                Acl.strings(Acl.update(Acl.parse(List.of("A::OWNER@:rw")), Acl.parse(List.of("A::EVERYONE@:r")))));
    }

    @Test
    public void deletePrincipals() throws Exception {
        List<Acl.Ace> cur = Acl.parse(List.of("A::OWNER@:rw", "A::alice@:r", "A:G:alice@:r", "A:G:GROUP@:rw",
                "A::EVERYONE@:r"));
        assertEquals(List.of("A::OWNER@:rw", "A:G:GROUP@:rw", "A:G:alice@:r", "A::EVERYONE@:r"),
                Acl.strings(Acl.delete(cur, Acl.parsePrincipal("u:alice@"))));
        assertEquals(List.of("A::OWNER@:rw", "A::alice@:r", "A:G:GROUP@:rw", "A::EVERYONE@:r"),
                Acl.strings(Acl.delete(cur, Acl.parsePrincipal("g:alice@"))));
        assertEquals(4, Acl.delete(cur, Acl.parsePrincipal("GROUP@")).size());
        assertEquals(4, Acl.delete(cur, Acl.parsePrincipal("OWNER@")).size());
        assertEquals(4, Acl.delete(cur, Acl.parsePrincipal("EVERYONE@")).size());
        assertNull(Acl.delete(cur, Acl.parsePrincipal("u:bob@")));
        for (String bad : new String[] {"alice@", "u:alice", "x:alice@", "u:", "owner@", ""}) {
            try {
                Acl.parsePrincipal(bad);
                fail("accepted principal " + bad);
            } catch (Acl.InvalidAclException expected) {
                // ok
            }
        }
    }
}
