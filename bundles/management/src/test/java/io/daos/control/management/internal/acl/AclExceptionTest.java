package io.daos.control.management.internal.acl;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** The DER numbers of SPEC-SYSTEM §0.4 and what an {@link AclException} carries. */
public class AclExceptionTest {

    @Test
    public void derNumbersAreTheReferences() {
        assertEquals(-1003, AclException.DER_INVAL);
        assertEquals(-1005, AclException.DER_NONEXIST);
    }

    @Test
    public void invalidCarriesDerInvalAndTheMessage() {
        AclException e = AclException.invalid("ACL: no entries");
        assertEquals(AclException.DER_INVAL, e.der());
        assertEquals("ACL: no entries", e.getMessage());
    }

    @Test
    public void carriesTheGivenDer() {
        assertEquals(AclException.DER_NONEXIST, new AclException(AclException.DER_NONEXIST, "x").der());
    }
}
