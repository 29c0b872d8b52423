package io.daos.control.api.security;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.Test;

/** The values of {@value MethodAccess#PROPERTY}: what they allow, and what is refused. */
public class MethodAccessTest {

    private static String refusal(Object value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MethodAccess.parse(value));
        assertTrue(e.getMessage(), e.getMessage().startsWith(MethodAccess.PROPERTY + ": "));
        return e.getMessage();
    }

    @Test
    public void oneComponentAllowsEveryMethodToItOnly() {
        MethodAccess a = MethodAccess.parse("admin");
        assertTrue(a.allows("Echo", "admin"));
        assertTrue(a.allows("Other", "admin"));
        assertFalse(a.allows("Echo", "agent"));
        assertFalse(a.allows("Echo", "server"));
        assertEquals(Set.of("admin"), a.serviceWide());
    }

    @Test
    public void aListAndAnArrayAddUp() {
        MethodAccess a = MethodAccess.parse(new String[] {"agent, admin", "server"});
        for (String c : List.of("admin", "agent", "server")) {
            assertTrue(c, a.allows("M", c));
        }
        assertEquals(MethodAccess.parse(List.of("agent,admin", "server")).serviceWide(), a.serviceWide());
    }

    @Test
    public void starIsEveryVerifiedComponentButNeverUndefined() {
        MethodAccess a = MethodAccess.parse("*");
        for (String c : List.of("admin", "agent", "server")) {
            assertTrue(c, a.allows("M", c));
        }
        assertFalse(a.allows("M", "undefined"));
        assertFalse(a.allows("M", "*"));
        assertFalse(a.allows("M", null));
    }

    @Test
    public void aMethodEntryReplacesTheServiceWideListForThatMethod() {
        MethodAccess a = MethodAccess.parse(new String[] {"admin", "Wipe=server", "Read=admin,agent"});
        assertTrue(a.allows("Other", "admin"));
        assertFalse(a.allows("Other", "agent"));
        assertTrue(a.allows("Wipe", "server"));
        assertFalse("replaced, not added", a.allows("Wipe", "admin"));
        assertTrue(a.allows("Read", "agent"));
        assertTrue(a.allows("Read", "admin"));
        assertEquals(Set.of("admin", "agent"), a.perMethod().get("Read"));
    }

    @Test
    public void onlyMethodEntriesLeaveTheOtherMethodsDenied() {
        MethodAccess a = MethodAccess.parse("Echo=admin");
        assertTrue(a.allows("Echo", "admin"));
        assertFalse(a.allows("Reverse", "admin"));
        assertFalse(a.isEmpty());
    }

    @Test
    public void noValueDeclaresNothing() {
        assertSame(MethodAccess.NONE, MethodAccess.parse(null));
        assertTrue(MethodAccess.NONE.isEmpty());
        assertFalse(MethodAccess.NONE.allows("Echo", "admin"));
    }

    @Test
    public void badValuesAreRefusedWithTheElementQuoted() {
        assertTrue(refusal("root").contains("\"root\""));
        assertTrue(refusal("admin,,agent").contains("empty component"));
        assertTrue(refusal("").contains("empty component"));
        assertTrue(refusal("Admin").contains("not one of admin, agent, server, *"));
        assertTrue(refusal("mgmt.MgmtSvc/Join=server").contains("bare method name"));
        assertTrue(refusal("=admin").contains("bare method name"));
        assertTrue(refusal("Echo=").contains("empty component"));
        assertTrue(refusal("Echo=admin=agent").contains("not one of"));
        assertTrue(refusal(42).contains("String or String[]"));
        assertTrue(refusal(new String[0]).contains("got 0"));
        assertTrue(refusal(List.of("admin", 7)).contains("a String expected"));
    }

    @Test
    public void aLongBadValueIsQuotedShort() {
        String message = refusal("x".repeat(10_000));
        assertTrue(message, message.length() < 200);
    }
}
