package io.daos.control.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import com.google.protobuf.ByteString;

import io.daos.control.proto.auth.Flavor;
import io.daos.control.proto.auth.Sys;
import io.daos.control.proto.auth.Token;

/** Decoding the identity of an AUTH_SYS token (SPEC-SYSTEM §7.3 item 35). */
public class AuthSysTest {

    @Test
    public void decodesTheSysOfAnAuthSysToken() {
        Sys sys = AuthSys.decode(CredTestKeys.token("alice"));
        assertEquals("alice@", sys.getUser());
        assertEquals("users@", sys.getGroup());
        assertEquals(List.of("users@", "wheel@"), sys.getGroupsList());
        assertEquals("node1", sys.getMachinename());
    }

    @Test
    public void aTokenOfAnotherFlavorIsRefused() {
        Token none = CredTestKeys.token("alice").toBuilder().setFlavor(Flavor.AUTH_NONE).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthSys.decode(none));
        assertEquals("Attempting to convert an invalid AuthSys Token", e.getMessage());
    }

    @Test
    public void undecodableDataIsRefused() {
        Token junk = Token.newBuilder().setFlavor(Flavor.AUTH_SYS)
                .setData(ByteString.copyFrom(new byte[] {0x12, 0x09, 'x'})).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthSys.decode(junk));
        assertTrue(e.getMessage(), e.getMessage().startsWith("unmarshaling AUTH_SYS: "));
    }
}
