package io.daos.control.api.acl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.acl.Principal.Type;

/** Whole lists (SPEC-SYSTEM §5.7 rules 6 and 7, the size limit, canonical order) and the edits of §4.4.5. */
public class AclTest {

    private static Acl acl(String... texts) throws AclException {
        return Acl.parse(List.of(texts));
    }

    private static AclException refused(List<String> texts) {
        AclException e = assertThrows(AclException.class, () -> Acl.parse(texts));
        assertEquals(Der.INVAL, e.der());
        return e;
    }

    /** A named user entry whose name takes {@code bytes} bytes, distinct by {@code i}. */
    private static String user(int i, int bytes) {
        String id = "u" + i + "x";
        return "A::" + id + "a".repeat(bytes - id.length() - 1) + "@:r";
    }

    @Test
    public void specExampleIsReordered() throws AclException {
        assertEquals(List.of("A::OWNER@:rw", "A:G:GROUP@:rw", "A::EVERYONE@:r"),
                acl("A::EVERYONE@:r", "A:G:GROUP@:rw", "A::OWNER@:rw").strings());
    }

    @Test
    public void orderIsByPrincipalTypeKeepingInputOrderWithin() throws AclException {
        Acl a = acl("A::EVERYONE@:r", "A:G:zeta@:r", "A::zoe@:r", "A:G:GROUP@:r", "A:G:alpha@:r",
                "A::OWNER@:rw", "A::adam@:wr");
        assertEquals(List.of("A::OWNER@:rw", "A::zoe@:r", "A::adam@:rw", "A:G:GROUP@:r", "A:G:zeta@:r",
                "A:G:alpha@:r", "A::EVERYONE@:r"), a.strings());
        assertEquals(Type.USER, a.entries().get(1).principal().type());
    }

    @Test
    public void singleEntryIsEnough() throws AclException {
        assertEquals(List.of("A::bob@:rw"), acl("A::bob@:wr").strings());
    }

    @Test
    public void emptyOrMissingListIsInvalid() {
        assertEquals("ACL: no entries", refused(List.of()).getMessage());
        assertEquals("ACL: no entries", refused(null).getMessage());
    }

    @Test
    public void anInvalidEntryIsNamedByItsIndex() {
        assertEquals("ACL entry 1: ACE \"A::GROUP@:rw\": GROUP@ needs flag G",
                refused(List.of("A::OWNER@:rw", "A::GROUP@:rw")).getMessage());
        List<String> withNull = new ArrayList<>();
        withNull.add("A::OWNER@:rw");
        withNull.add(null);
        assertEquals("ACL entry 1: ACE: none given", refused(withNull).getMessage());
    }

    @Test
    public void duplicatePrincipalsAreInvalid() {
        assertEquals("ACL entry 1: a second entry for principal \"u:bob@\"",
                refused(List.of("A::bob@:r", "A::bob@:r")).getMessage());
        assertEquals("ACL entry 2: a second entry for principal \"OWNER@\"",
                refused(List.of("A::OWNER@:r", "A::bob@:r", "A::OWNER@:rw")).getMessage());
        refused(List.of("A:G:GROUP@:r", "U:GS:GROUP@:r"));
        refused(List.of("A::EVERYONE@:r", "A::EVERYONE@:"));
        refused(List.of("A:G:staff@:r", "L:GF:staff@:w"));
        refused(List.of("A::bob@:r", "AU:S:bob@:w"));
    }

    @Test
    public void aUserAndAGroupOfOneNameAreDifferentPrincipals() throws AclException {
        assertEquals(List.of("A::x@:r", "A:G:x@:w"), acl("A:G:x@:w", "A::x@:r").strings());
        assertEquals(2, acl("A::bob@:r", "A::bob@dom:r").entries().size());
    }

    @Test
    public void encodedSizeSumsTheEntries() throws AclException {
        assertEquals(32 + 40 + 32, acl("A::OWNER@:rw", "A::bob@:r", "A::EVERYONE@:r").encodedSize());
        assertEquals(72, Ace.parse(user(0, 32)).encodedSize());
        assertEquals(64, Ace.parse(user(0, 31)).encodedSize());
    }

    /** 227 entries of 288 bytes, the three specials and one of 64 bytes: exactly 65536 bytes. */
    private static List<String> fullList(int lastBytes) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < 227; i++) {
            l.add(user(i, 255));
        }
        l.add("A::OWNER@:rw");
        l.add("A:G:GROUP@:r");
        l.add("A::EVERYONE@:r");
        l.add(user(999, lastBytes));
        return l;
    }

    @Test
    public void listOfExactly65536BytesIsValid() throws AclException {
        Acl a = Acl.parse(fullList(31));
        assertEquals(Acl.ENCODED_MAX, a.encodedSize());
        assertEquals(231, a.entries().size());
    }

    @Test
    public void listOverTheEncodedLimitIsInvalid() {
        AclException e = refused(fullList(32));
        assertEquals("ACL: entries take over 65536 bytes encoded (65544 so far)", e.getMessage());
    }

    @Test
    public void storedListMayBeEmpty() throws AclException {
        assertTrue(Acl.stored(List.of()).entries().isEmpty());
        assertTrue(Acl.stored(null).strings().isEmpty());
        assertEquals(Acl.DEFAULT, Acl.stored(List.of("A::OWNER@:rw", "A:G:GROUP@:rw")));
        assertEquals(Der.INVAL,
                assertThrows(AclException.class, () -> Acl.stored(List.of("A::bob:r"))).der());
    }

    @Test
    public void defaultAcl() {
        assertEquals(List.of("A::OWNER@:rw", "A:G:GROUP@:rw"), Acl.DEFAULT.strings());
        assertEquals("A::OWNER@:rw,A:G:GROUP@:rw", Acl.DEFAULT.toString());
    }

    @Test
    public void entriesAreReadOnly() {
        assertThrows(UnsupportedOperationException.class, () -> Acl.DEFAULT.entries().clear());
    }

    @Test
    public void entryOf() throws AclException {
        assertEquals("A:G:GROUP@:rw", Acl.DEFAULT.entryOf(Principal.OWNER_GROUP).toString());
        assertNull(Acl.DEFAULT.entryOf(Principal.EVERYONE));
        assertNull(acl("A::x@:r").entryOf(new Principal(Type.GROUP, "x@")));
    }

    @Test
    public void updateReplacesTheSamePrincipalInPlace() throws AclException {
        Acl a = acl("A::OWNER@:rw", "A::bob@:r", "A::amy@:r", "A::EVERYONE@:r");
        assertEquals(List.of("A::OWNER@:rw", "A::bob@:rwc", "A::amy@:r", "A::EVERYONE@:"),
                a.update(acl("A::EVERYONE@:", "A::bob@:crw")).strings());
    }

    @Test
    public void updateInsertsBeforeTheFirstLaterType() throws AclException {
        Acl a = acl("A::OWNER@:rw", "A::bob@:r", "A:G:staff@:r", "A::EVERYONE@:r");
        assertEquals(List.of("A::OWNER@:rw", "A::bob@:r", "A::amy@:w", "A:G:GROUP@:r", "A:G:staff@:r",
                "A:G:ops@:r", "A::EVERYONE@:r"),
                a.update(acl("A:G:ops@:r", "A:G:GROUP@:r", "A::amy@:w")).strings());
    }

    @Test
    public void updateAppendsWhenNoLaterType() throws AclException {
        assertEquals(List.of("A::OWNER@:rw", "A:G:GROUP@:rw", "A::EVERYONE@:r"),
                Acl.DEFAULT.update(acl("A::EVERYONE@:r")).strings());
        assertEquals(List.of("A::OWNER@:r"), Acl.stored(List.of()).update(acl("A::OWNER@:r")).strings());
    }

    @Test
    public void updateOverTheEncodedLimitIsInvalid() throws AclException {
        Acl full = Acl.parse(fullList(31));
        assertEquals(Acl.ENCODED_MAX, full.update(acl("A::OWNER@:r")).encodedSize());
        AclException e = assertThrows(AclException.class, () -> full.update(acl("A::bob@:r")));
        assertEquals(Der.INVAL, e.der());
        assertEquals("ACL: entries take over 65536 bytes encoded (65576 so far)", e.getMessage());
    }

    @Test
    public void deleteRemovesThePrincipalsEntry() throws AclException {
        Acl a = acl("A::OWNER@:rw", "A::x@:r", "A:G:x@:r", "A::EVERYONE@:r");
        assertEquals(List.of("A::OWNER@:rw", "A:G:x@:r", "A::EVERYONE@:r"),
                a.delete(Principal.parse("u:x@")).strings());
        assertEquals(List.of("A::OWNER@:rw", "A::x@:r", "A::EVERYONE@:r"),
                a.delete(Principal.parse("g:x@")).strings());
        assertEquals(List.of("A::x@:r", "A:G:x@:r", "A::EVERYONE@:r"),
                a.delete(Principal.OWNER).strings());
        assertTrue(acl("A::x@:r").delete(Principal.parse("u:x@")).entries().isEmpty());
        assertEquals(4, a.entries().size());
    }

    @Test
    public void deleteOfAPrincipalWithoutEntryIsNonexist() throws AclException {
        AclException e = assertThrows(AclException.class, () -> Acl.DEFAULT.delete(Principal.parse("u:bob@")));
        assertEquals(Der.NONEXIST, e.der());
        assertEquals("ACL: no entry for principal \"u:bob@\"", e.getMessage());
        assertEquals(Der.NONEXIST,
                assertThrows(AclException.class, () -> Acl.DEFAULT.delete(Principal.EVERYONE)).der());
    }

    @Test
    public void equalityIsOnEntriesInOrder() throws AclException {
        assertEquals(acl("A::b@:r", "A::OWNER@:wr"), acl("A::OWNER@:rw", "A::b@:r"));
        assertEquals(acl("A::b@:r").hashCode(), acl("A::b@:r").hashCode());
        assertNotEquals(acl("A::b@:r", "A::c@:r"), acl("A::c@:r", "A::b@:r"));
    }
}
