package io.daos.control.api.acl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.acl.Principal.Type;

/** Principal names (SPEC-SYSTEM §5.7) and the DeleteACL principal form (§4.4.5). */
public class PrincipalTest {

    @Test
    public void validNames() {
        assertTrue(Principal.isValidName("bob@"));
        assertTrue(Principal.isValidName("bob@example.com"));
        assertTrue(Principal.isValidName("b@"));
        assertTrue(Principal.isValidName("with space@x"));
        assertTrue(Principal.isValidName("a".repeat(254) + "@"));
        assertTrue(Principal.isValidName("bob@" + "d".repeat(251)));
    }

    @Test
    public void invalidNames() {
        assertFalse(Principal.isValidName(null));
        assertFalse(Principal.isValidName(""));
        assertFalse(Principal.isValidName("@"));
        assertFalse(Principal.isValidName("bob"));
        assertFalse(Principal.isValidName("@bob"));
        assertFalse(Principal.isValidName("@bob@"));
        assertFalse(Principal.isValidName("bob@@"));
        assertFalse(Principal.isValidName("b@o@b"));
        assertFalse(Principal.isValidName("a".repeat(255) + "@"));
    }

    @Test
    public void nameLengthIsCountedInBytes() {
        // 127 two-byte characters and the '@': 255 bytes, 128 characters.
        assertTrue(Principal.isValidName("\u00e9".repeat(127) + "@"));
        assertFalse(Principal.isValidName("\u00e9".repeat(128) + "@"));
    }

    @Test
    public void aNulCharacterIsRefused() {
        assertFalse(Principal.isValidName("bob\0@"));
        assertFalse(Principal.isValidName("bob@\0x"));
    }

    @Test
    public void parsesTheDeleteForms() throws AclException {
        assertSame(Principal.OWNER, Principal.parse("OWNER@"));
        assertSame(Principal.OWNER_GROUP, Principal.parse("GROUP@"));
        assertSame(Principal.EVERYONE, Principal.parse("EVERYONE@"));
        assertEquals(new Principal(Type.USER, "bob@"), Principal.parse("u:bob@"));
        assertEquals(new Principal(Type.USER, "bob@dom"), Principal.parse("u:bob@dom"));
        assertEquals(new Principal(Type.GROUP, "staff@"), Principal.parse("g:staff@"));
        assertEquals(new Principal(Type.GROUP, "staff@dom"), Principal.parse("g:staff@dom"));
    }

    @Test
    public void refusesOtherDeleteForms() {
        for (String s : new String[] {"", "bob@", "u:bob", "u:", "g:", "u:@x", "x:bob@", "U:bob@", "G:bob@",
            "owner@", "OWNER", "Everyone@", "u:OWNER", "u:b@o@b", " u:bob@", "u:bob@:x@"}) {
            AclException e = assertThrows(s, AclException.class, () -> Principal.parse(s));
            assertEquals(s, Der.INVAL, e.der());
        }
    }

    @Test
    public void refusalMessageQuotesAShortPrefix() {
        AclException e = assertThrows(AclException.class, () -> Principal.parse("x".repeat(500)));
        assertEquals("principal \"" + "x".repeat(40) + "\"... (500 characters): must be u:<name>@[domain], "
                + "g:<name>@[domain], OWNER@, GROUP@ or EVERYONE@", e.getMessage());
        e = assertThrows(AclException.class, () -> Principal.parse(null));
        assertEquals(Der.INVAL, e.der());
        assertEquals("principal: none given", e.getMessage());
    }

    @Test
    public void textIsTheDeleteForm() {
        assertEquals("u:bob@", new Principal(Type.USER, "bob@").text());
        assertEquals("g:staff@", new Principal(Type.GROUP, "staff@").text());
        assertEquals("OWNER@", Principal.OWNER.text());
        assertEquals("GROUP@", Principal.OWNER_GROUP.text());
        assertEquals("EVERYONE@", Principal.EVERYONE.text());
    }

    @Test
    public void aUserAndAGroupOfOneNameDiffer() {
        assertNotEquals(new Principal(Type.USER, "x@"), new Principal(Type.GROUP, "x@"));
        assertEquals(new Principal(Type.GROUP, "x@"), new Principal(Type.GROUP, "x@"));
    }

    @Test
    public void constructorRefusesAMismatchedName() {
        assertThrows(IllegalArgumentException.class, () -> new Principal(Type.OWNER, "bob@"));
        assertThrows(IllegalArgumentException.class, () -> new Principal(Type.USER, "OWNER"));
        assertThrows(IllegalArgumentException.class, () -> new Principal(Type.GROUP, "staff"));
        assertThrows(NullPointerException.class, () -> new Principal(null, "bob@"));
    }

    @Test
    public void entryPrincipalFollowsTheGroupFlag() throws AclException {
        assertEquals(Type.USER, Principal.ofEntry("bob@", false).type());
        assertEquals(Type.GROUP, Principal.ofEntry("bob@", true).type());
        assertSame(Principal.OWNER_GROUP, Principal.ofEntry("GROUP@", false));
        AclException e = assertThrows(AclException.class, () -> Principal.ofEntry("bob", false));
        assertEquals("invalid principal \"bob\"", e.getMessage());
    }

    @Test
    public void typesInCanonicalOrder() {
        assertEquals(java.util.List.of(Type.OWNER, Type.USER, Type.OWNER_GROUP, Type.GROUP, Type.EVERYONE),
                java.util.List.of(Type.values()));
        assertTrue(Type.GROUP.isGroup());
        assertTrue(Type.OWNER_GROUP.isGroup());
        assertFalse(Type.USER.isGroup());
        assertFalse(Type.OWNER.isGroup());
        assertFalse(Type.EVERYONE.isGroup());
        assertTrue(Type.EVERYONE.isSpecial());
        assertFalse(Type.USER.isSpecial());
    }

    @Test
    public void encodedSizeIsTheAlignedNameWithItsTerminator() {
        assertEquals(0, Principal.OWNER.encodedSize());
        assertEquals(0, Principal.EVERYONE.encodedSize());
        assertEquals(8, new Principal(Type.USER, "bobbyy@").encodedSize());
        assertEquals(16, new Principal(Type.USER, "bobbyyy@").encodedSize());
        assertEquals(256, new Principal(Type.USER, "a".repeat(254) + "@").encodedSize());
    }
}
