package io.daos.control.security.internal;

import com.google.protobuf.InvalidProtocolBufferException;

import io.daos.control.proto.auth.Flavor;
import io.daos.control.proto.auth.Sys;
import io.daos.control.proto.auth.Token;

/**
 * The body of an AUTH_SYS token (SPEC-SYSTEM §5.6, §7.3 item 35): the identity an agent vouches
 * for, serialised as {@code auth.Sys} in {@code Token.data}.
 */
public final class AuthSys {

    private AuthSys() {
    }

    /**
     * The identity held by {@code token}.
     *
     * @throws IllegalArgumentException {@code Attempting to convert an invalid AuthSys Token} for a
     *         token of another flavor, {@code unmarshaling AUTH_SYS: <why>} when its data is not an
     *         {@code auth.Sys}
     */
    public static Sys decode(Token token) {
        if (token.getFlavor() != Flavor.AUTH_SYS) {
            throw new IllegalArgumentException("Attempting to convert an invalid AuthSys Token");
        }
        try {
            return Sys.parseFrom(token.getData());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("unmarshaling AUTH_SYS: " + e.getMessage(), e);
        }
    }
}
