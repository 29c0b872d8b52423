package io.daos.control.api.acl;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.grpc.ClientValues;

/**
 * Whom an access-control entry is about (SPEC-SYSTEM §5.7): one of the three special principals
 * or a named user or group ({@code name@} or {@code name@domain}). Two principals are the same
 * when type and name are equal, so a user and a group of one name are different principals.
 */
public record Principal(Type type, String name) {

    /** Longest principal name, in bytes as the data plane counts them. */
    public static final int NAME_MAX = 255;

    /** Principal types, in the order entries of an ACL are kept. */
    public enum Type {
        /** {@code OWNER@}: the pool's owner. */
        OWNER("OWNER@"),
        /** A named user. */
        USER(null),
        /** {@code GROUP@}: the pool's owner group. */
        OWNER_GROUP("GROUP@"),
        /** A named group (an entry with the {@code G} flag). */
        GROUP(null),
        /** {@code EVERYONE@}: anyone else. */
        EVERYONE("EVERYONE@");

        private final String special;

        Type(String special) {
            this.special = special;
        }

        /** Whether entries of this type carry the {@code G} flag. */
        public boolean isGroup() {
            return this == OWNER_GROUP || this == GROUP;
        }

        /** Whether the type is one of the three special principals (no name of its own). */
        public boolean isSpecial() {
            return special != null;
        }
    }

    /** The owner principal. */
    public static final Principal OWNER = new Principal(Type.OWNER, "OWNER@");
    /** The owner-group principal. */
    public static final Principal OWNER_GROUP = new Principal(Type.OWNER_GROUP, "GROUP@");
    /** The everyone principal. */
    public static final Principal EVERYONE = new Principal(Type.EVERYONE, "EVERYONE@");

    /**
     * A principal; {@code name} of a special type must be its fixed spelling, of a named type a
     * valid name ({@link #isValidName}).
     */
    public Principal {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (type.isSpecial() ? !type.special.equals(name) : !isValidName(name)) {
            throw new IllegalArgumentException("not a " + type + " principal: " + ClientValues.quote(name));
        }
    }

    /**
     * Whether {@code name} is a valid user or group name: {@code name@} or {@code name@domain},
     * 1 to {@value #NAME_MAX} bytes, exactly one {@code @} and not as the first character. The
     * domain may be empty; nothing else about the characters is checked, as in the reference.
     */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.charAt(0) == '@' || name.indexOf('\0') >= 0) {
            return false;
        }
        int at = name.indexOf('@');
        return at > 0 && name.indexOf('@', at + 1) < 0 && bytes(name) <= NAME_MAX;
    }

    /**
     * The principal of an entry's third field: a special spelling, else a named group when the
     * entry has the {@code G} flag, else a named user.
     *
     * @throws AclException Der.INVAL when the field is not a valid principal
     */
    static Principal ofEntry(String field, boolean groupFlag) throws AclException {
        Principal special = special(field);
        if (special != null) {
            return special;
        }
        if (!isValidName(field)) {
            throw AclException.invalid("invalid principal " + ClientValues.quote(field));
        }
        return new Principal(groupFlag ? Type.GROUP : Type.USER, field);
    }

    /**
     * The principal of a DeleteACL request (SPEC-SYSTEM §4.4.5): {@code u:<name>@[domain]},
     * {@code g:<name>@[domain]}, {@code OWNER@}, {@code GROUP@} or {@code EVERYONE@}.
     *
     * @throws AclException Der.INVAL for anything else
     */
    public static Principal parse(String text) throws AclException {
        if (text == null) {
            throw AclException.invalid("principal: none given");
        }
        Principal special = special(text);
        if (special != null) {
            return special;
        }
        if ((text.startsWith("u:") || text.startsWith("g:")) && isValidName(text.substring(2))) {
            return new Principal(text.charAt(0) == 'g' ? Type.GROUP : Type.USER, text.substring(2));
        }
        throw AclException.invalid("principal " + ClientValues.quote(text)
                + ": must be u:<name>@[domain], g:<name>@[domain], OWNER@, GROUP@ or EVERYONE@");
    }

    /** The form {@link #parse} reads: {@code u:bob@}, {@code g:staff@}, {@code OWNER@}... */
    public String text() {
        return switch (type) {
            case USER -> "u:" + name;
            case GROUP -> "g:" + name;
            default -> name;
        };
    }

    /**
     * Bytes of the principal in the data plane's entry encoding: none for a special principal,
     * else the name and its terminator rounded up to a multiple of 8.
     */
    int encodedSize() {
        return type.isSpecial() ? 0 : (bytes(name) + 1 + 7) / 8 * 8;
    }

    private static Principal special(String field) {
        return switch (field) {
            case "OWNER@" -> OWNER;
            case "GROUP@" -> OWNER_GROUP;
            case "EVERYONE@" -> EVERYONE;
            default -> null;
        };
    }

    static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
