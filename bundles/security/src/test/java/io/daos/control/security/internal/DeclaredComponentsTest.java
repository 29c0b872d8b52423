package io.daos.control.security.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

/** What registrations declare, for which services, and until when. */
public class DeclaredComponentsTest {

    private final DeclaredComponents declared = new DeclaredComponents();

    @Test
    public void aDeclarationCoversItsOwnServicesUntilRemoved() {
        assertTrue(declared.add(1, "admin", List.of("test.A"), "a"));
        assertTrue(declared.allows("test.A", "M", "admin"));
        assertFalse(declared.allows("test.A", "M", "agent"));
        assertFalse(declared.allows("test.B", "M", "admin"));
        declared.remove(1);
        assertFalse(declared.allows("test.A", "M", "admin"));
    }

    @Test
    public void aNewValueForTheSameRegistrationReplacesTheOld() {
        declared.add(1, "admin", List.of("test.A"), "a");
        assertFalse("bad value: the old one is gone too", declared.add(1, "root", List.of("test.A"), "a"));
        assertFalse(declared.allows("test.A", "M", "admin"));
        assertFalse(declared.add(1, null, List.of("test.A"), "a"));
    }

    @Test
    public void builtInServicesAreDroppedFromADeclaration() {
        assertTrue(declared.add(1, "*", List.of("mgmt.MgmtSvc", "test.A"), "a"));
        assertFalse(declared.allows("mgmt.MgmtSvc", "PoolCreate", "agent"));
        assertTrue(declared.allows("test.A", "M", "agent"));
        assertFalse(declared.add(2, "*", List.of("peer.ControlPeer", "grpc.health.v1.Health"), "b"));
        assertFalse(declared.allows("peer.ControlPeer", "Forward", "agent"));
    }

    @Test
    public void twoModulesDeclareIndependently() {
        declared.add(1, "admin", List.of("test.A"), "a");
        declared.add(2, "agent", List.of("test.B"), "b");
        assertTrue(declared.allows("test.A", "M", "admin"));
        assertFalse(declared.allows("test.A", "M", "agent"));
        assertTrue(declared.allows("test.B", "M", "agent"));
        declared.remove(2);
        assertTrue(declared.allows("test.A", "M", "admin"));
        assertFalse(declared.allows("test.B", "M", "agent"));
    }
}
