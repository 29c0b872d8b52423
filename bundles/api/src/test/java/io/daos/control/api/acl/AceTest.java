package io.daos.control.api.acl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.acl.Principal.Type;

/** One entry against every single-entry rule of SPEC-SYSTEM §5.7 and its canonical rendering. */
public class AceTest {

    private static String canon(String s) throws AclException {
        return Ace.parse(s).toString();
    }

    private static AclException refused(String s) {
        AclException e = assertThrows(String.valueOf(s), AclException.class, () -> Ace.parse(s));
        assertEquals(String.valueOf(s), Der.INVAL, e.der());
        return e;
    }

    @Test
    public void specialPrincipals() throws AclException {
        Ace owner = Ace.parse("A::OWNER@:rw");
        assertEquals(Principal.OWNER, owner.principal());
        assertEquals("A::OWNER@:rw", owner.toString());
        assertEquals(Principal.OWNER_GROUP, Ace.parse("A:G:GROUP@:rw").principal());
        assertEquals("A:G:GROUP@:rw", canon("A:G:GROUP@:rw"));
        assertEquals(Principal.EVERYONE, Ace.parse("A::EVERYONE@:r").principal());
    }

    @Test
    public void namedUserAndGroup() throws AclException {
        Ace u = Ace.parse("A::bob@:r");
        assertEquals(new Principal(Type.USER, "bob@"), u.principal());
        Ace g = Ace.parse("A:G:staff@dom:r");
        assertEquals(new Principal(Type.GROUP, "staff@dom"), g.principal());
        assertEquals("A:G:staff@dom:r", g.toString());
    }

    @Test
    public void lettersAreRenderedInCanonicalOrderOnce() throws AclException {
        assertEquals("A::bob@:rw", canon("A::bob@:wr"));
        assertEquals("AU:SF:bob@:r", canon("UA:SF:bob@:r"));
        assertEquals("AU:SF:bob@:r", canon("UA:FS:bob@:r"));
        assertEquals("A::bob@:rw", canon("AAA::bob@:rrwwr"));
        assertEquals("A::bob@:rwcdtTaAo", canon("A::bob@:oAaTtdcwr"));
        assertEquals("AUL:GSFP:staff@:r", canon("LUA:PFSG:staff@:r"));
    }

    @Test
    public void accessorsGiveCanonicalLetters() throws AclException {
        Ace a = Ace.parse("LU:FS:bob@:wr");
        assertEquals("UL", a.types());
        assertEquals("SF", a.flags());
        assertEquals("rw", a.perms());
        assertTrue(a.allows('r'));
        assertFalse(a.allows('c'));
    }

    @Test
    public void emptyPermissionsAreNoAccess() throws AclException {
        Ace a = Ace.parse("A::bob@:");
        assertEquals("", a.perms());
        assertEquals("A::bob@:", a.toString());
    }

    @Test
    public void poolInheritFlagIsAllowedWithAllow() throws AclException {
        assertEquals("A:P:bob@:r", canon("A:P:bob@:r"));
        assertEquals("A:GP:staff@:r", canon("A:PG:staff@:r"));
    }

    @Test
    public void auditAndAlarmWithSuccessOrFailure() throws AclException {
        assertEquals("U:S:bob@:r", canon("U:S:bob@:r"));
        assertEquals("L:F:bob@:", canon("L:F:bob@:"));
        assertEquals("UL:SF:EVERYONE@:rw", canon("LU:SF:EVERYONE@:rw"));
        assertEquals("U:GF:GROUP@:r", canon("U:FG:GROUP@:r"));
    }

    @Test
    public void allPoolAndContainerPermissionLettersAreAccepted() throws AclException {
        for (char c : Ace.PERMS.toCharArray()) {
            assertEquals(String.valueOf(c), Ace.parse("A::bob@:" + c).perms());
        }
    }

    @Test
    public void wrongFieldCount() {
        assertEquals("ACE \"A::bob@\": must be TYPE:FLAGS:PRINCIPAL:PERMISSIONS", refused("A::bob@").getMessage());
        refused("A::bob@:rw:");
        refused("A::bo:b@:rw");
        refused("");
        refused("A:bob@:rw");
        refused(":::::");
    }

    @Test
    public void unknownLetters() {
        assertEquals("ACE \"X::bob@:r\": unknown access type \"X\"", refused("X::bob@:r").getMessage());
        assertEquals("ACE \"a::bob@:r\": unknown access type \"a\"", refused("a::bob@:r").getMessage());
        // Lower-case g is not the group flag (SPEC-SYSTEM §7, case 42).
        assertEquals("ACE \"A:g:group1@:r\": unknown flag \"g\"", refused("A:g:group1@:r").getMessage());
        assertEquals("ACE \"A::bob@:rx\": unknown permission \"x\"", refused("A::bob@:rx").getMessage());
        refused("A::bob@:rvwx");
        refused("A::bob@:R");
        refused("A:CGI:someone@:rw");
        refused(" A::bob@:r");
        refused("A::bob@:r ");
    }

    @Test
    public void atLeastOneType() {
        assertEquals("ACE \"::bob@:r\": no access type", refused("::bob@:r").getMessage());
        refused(":G:staff@:r");
    }

    @Test
    public void invalidPrincipals() {
        assertEquals("ACE \"A::bob:rw\": invalid principal \"bob\"", refused("A::bob:rw").getMessage());
        refused("A:::rw");
        refused("A::@:rw");
        refused("A::@bob:rw");
        refused("A::bob@@:rw");
        refused("A::b@o@b:rw");
        refused("A::OWNER:rw");
        refused("A:G:staff:rw");
        refused("A::bob\0@:rw");
    }

    @Test
    public void specialSpellingsAreCaseSensitive() throws AclException {
        // owner@ is an ordinary user name, not OWNER@.
        assertEquals(new Principal(Type.USER, "owner@"), Ace.parse("A::owner@:rw").principal());
        assertEquals(new Principal(Type.GROUP, "Group@"), Ace.parse("A:G:Group@:rw").principal());
    }

    @Test
    public void groupFlagIffGroup() {
        assertEquals("ACE \"A::GROUP@:rw\": GROUP@ needs flag G", refused("A::GROUP@:rw").getMessage());
        assertEquals("ACE \"A:G:OWNER@:rw\": flag G on a principal that is not a group",
                refused("A:G:OWNER@:rw").getMessage());
        refused("A:G:EVERYONE@:r");
        refused("U:GS:OWNER@:r");
    }

    @Test
    public void successAndFailureFlagsIffAuditOrAlarm() {
        assertEquals("ACE \"U::bob@:r\": audit or alarm needs flag S or F", refused("U::bob@:r").getMessage());
        refused("L::bob@:r");
        refused("AU::bob@:r");
        refused("UL:P:bob@:r");
        assertEquals("ACE \"A:S:bob@:r\": flags S and F are for audit or alarm only",
                refused("A:S:bob@:r").getMessage());
        refused("A:F:bob@:r");
        refused("A:GSF:staff@:r");
    }

    @Test
    public void longestPrincipal() throws AclException {
        String name = "a".repeat(254) + "@";
        assertEquals("A::" + name + ":rw", canon("A::" + name + ":rw"));
        refused("A::a" + name + ":rw");
    }

    @Test
    public void textOfAtMost319Bytes() throws AclException {
        String name = "a".repeat(254) + "@";
        // 3 + 255 + 1 + 60 = 319 characters, repeats allowed.
        String longest = "A::" + name + ":" + "r".repeat(60);
        assertEquals(319, longest.length());
        assertEquals("A::" + name + ":r", canon(longest));
        AclException e = refused(longest + "w");
        assertEquals("ACE \"A::aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"... (320 characters): longer than 319 bytes",
                e.getMessage());
    }

    @Test
    public void textLengthIsCountedInBytes() {
        // 162 two-byte characters in the domain: 170 characters but 330 bytes.
        String s = "A::b@" + "\u00e9".repeat(162) + ":r";
        assertTrue(s.length() <= Ace.TEXT_MAX);
        assertTrue(refused(s).getMessage().endsWith(": longer than 319 bytes"));
    }

    @Test
    public void noText() {
        assertEquals("ACE: none given", refused(null).getMessage());
    }

    @Test
    public void messagesQuoteControlCharactersEscaped() {
        assertEquals("ACE \"A::bob@:r\\x0a\": unknown permission \"\\x0a\"", refused("A::bob@:r\n").getMessage());
    }

    @Test
    public void equalityIsOnCanonicalContent() throws AclException {
        assertEquals(Ace.parse("A::bob@:wr"), Ace.parse("A::bob@:rw"));
        assertEquals(Ace.parse("A::bob@:wr").hashCode(), Ace.parse("A::bob@:rw").hashCode());
        assertNotEquals(Ace.parse("A::bob@:r"), Ace.parse("A::bob@:rw"));
        assertNotEquals(Ace.parse("A::bob@:r"), Ace.parse("A:G:bob@:r"));
    }

    @Test
    public void encodedSize() throws AclException {
        assertEquals(32, Ace.parse("A::OWNER@:rw").encodedSize());
        assertEquals(40, Ace.parse("A::bob@:rw").encodedSize());
        assertEquals(288, Ace.parse("A::" + "a".repeat(254) + "@:rw").encodedSize());
    }
}
