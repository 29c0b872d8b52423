package io.daos.control.api.acl;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

import io.daos.control.api.drpc.Der;


/** The DER numbers of SPEC-SYSTEM §0.4 and what an {@link AclException} carries. */
public class AclExceptionTest {

    @Test
    public void derNumbersAreTheReferences() {
        assertEquals(-1003, Der.INVAL);
        assertEquals(-1005, Der.NONEXIST);
    }

    @Test
    public void invalidCarriesDerInvalAndTheMessage() {
        AclException e = AclException.invalid("ACL: no entries");
        assertEquals(Der.INVAL, e.der());
        assertEquals("ACL: no entries", e.getMessage());
    }

    @Test
    public void carriesTheGivenDer() {
        assertEquals(Der.NONEXIST, new AclException(Der.NONEXIST, "x").der());
    }
}
