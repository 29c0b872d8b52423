package io.daos.control.api.acl;

import java.util.Objects;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.grpc.ClientValues;

/**
 * One access-control entry in the short string form of SPEC-SYSTEM §5.7,
 * {@code TYPE:FLAGS:PRINCIPAL:PERMISSIONS}. {@link #parse} checks every rule of §5.7 that concerns
 * a single entry; a parsed entry keeps its letters in canonical order with repeats collapsed, and
 * {@link #toString} renders the text the data plane stores and returns ({@code UA:SF:bob@:wr} reads
 * as {@code AU:SF:bob@:rw}).
 */
public final class Ace {

    /** Longest entry text, in bytes: the longest principal plus 64. */
    public static final int TEXT_MAX = Principal.NAME_MAX + 64;
    /** Access-type letters in canonical order: Allow, Audit, Alarm. */
    public static final String TYPES = "AUL";
    /** Flag letters in canonical order: Group, access-Success, access-Failure, Pool-inherit. */
    public static final String FLAGS = "GSFP";
    /**
     * Permission letters in canonical order: read, write, create-container, delete-container,
     * get-prop, set-prop, get-ACL, set-ACL, set-owner.
     */
    public static final String PERMS = "rwcdtTaAo";
    /** Bytes of an entry's fixed part in the data plane's encoding (before the principal). */
    static final int HEADER_SIZE = 32;

    private final String types;
    private final String flags;
    private final Principal principal;
    private final String perms;

    private Ace(String types, String flags, Principal principal, String perms) {
        this.types = types;
        this.flags = flags;
        this.principal = principal;
        this.perms = perms;
    }

    /**
     * Parses and checks one entry: at most {@value #TEXT_MAX} bytes; exactly four fields; only
     * known letters in types, flags and permissions (any order, repeats allowed); at least one
     * type; a valid principal; the {@code G} flag present exactly when the principal is a group
     * ({@code GROUP@} or a named group); {@code S} or {@code F} present exactly when a type is
     * audit or alarm.
     *
     * @throws AclException Der.INVAL naming the broken rule
     */
    public static Ace parse(String text) throws AclException {
        if (text == null) {
            throw AclException.invalid("ACE: none given");
        }
        if (Principal.bytes(text) > TEXT_MAX) {
            throw AclException.invalid("ACE " + ClientValues.quote(text) + ": longer than " + TEXT_MAX
                    + " bytes");
        }
        String[] f = text.split(":", -1);
        if (f.length != 4) {
            throw AclException.invalid("ACE " + ClientValues.quote(text)
                    + ": must be TYPE:FLAGS:PRINCIPAL:PERMISSIONS");
        }
        String types = letters(text, f[0], TYPES, "access type");
        String flags = letters(text, f[1], FLAGS, "flag");
        String perms = letters(text, f[3], PERMS, "permission");
        if (types.isEmpty()) {
            throw AclException.invalid("ACE " + ClientValues.quote(text) + ": no access type");
        }
        boolean groupFlag = flags.indexOf('G') >= 0;
        Principal p;
        try {
            p = Principal.ofEntry(f[2], groupFlag);
        } catch (AclException e) {
            throw AclException.invalid("ACE " + ClientValues.quote(text) + ": " + e.getMessage());
        }
        if (groupFlag != p.type().isGroup()) {
            throw AclException.invalid("ACE " + ClientValues.quote(text)
                    + (groupFlag ? ": flag G on a principal that is not a group"
                            : ": GROUP@ needs flag G"));
        }
        boolean audited = types.indexOf('U') >= 0 || types.indexOf('L') >= 0;
        boolean outcome = flags.indexOf('S') >= 0 || flags.indexOf('F') >= 0;
        if (audited != outcome) {
            throw AclException.invalid("ACE " + ClientValues.quote(text)
                    + (audited ? ": audit or alarm needs flag S or F"
                            : ": flags S and F are for audit or alarm only"));
        }
        return new Ace(types, flags, p, perms);
    }

    /** The access types, canonical letters ({@link #TYPES} order), never empty. */
    public String types() {
        return types;
    }

    /** The flags, canonical letters ({@link #FLAGS} order), possibly empty. */
    public String flags() {
        return flags;
    }

    /** Whom the entry is about. */
    public Principal principal() {
        return principal;
    }

    /** The permissions, canonical letters ({@link #PERMS} order); empty is no access. */
    public String perms() {
        return perms;
    }

    /** Whether the entry grants permission letter {@code p} (for every one of its types). */
    public boolean allows(char p) {
        return perms.indexOf(p) >= 0;
    }

    /** Bytes of this entry in the data plane's encoding: the fixed part and the principal. */
    int encodedSize() {
        return HEADER_SIZE + principal.encodedSize();
    }

    /** Canonical text: {@code TYPES:FLAGS:PRINCIPAL:PERMS}. */
    @Override
    public String toString() {
        return types + ":" + flags + ":" + principal.name() + ":" + perms;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ace a && types.equals(a.types) && flags.equals(a.flags)
                && principal.equals(a.principal) && perms.equals(a.perms);
    }

    @Override
    public int hashCode() {
        return Objects.hash(types, flags, principal, perms);
    }

    /** {@code field}'s letters checked against {@code allowed} and rendered in its order, once each. */
    private static String letters(String text, String field, String allowed, String what) throws AclException {
        boolean[] seen = new boolean[allowed.length()];
        for (int i = 0; i < field.length(); i++) {
            int k = allowed.indexOf(field.charAt(i));
            if (k < 0) {
                throw AclException.invalid("ACE " + ClientValues.quote(text) + ": unknown " + what + " "
                        + ClientValues.quote(String.valueOf(field.charAt(i))));
            }
            seen[k] = true;
        }
        StringBuilder b = new StringBuilder(allowed.length());
        for (int k = 0; k < seen.length; k++) {
            if (seen[k]) {
                b.append(allowed.charAt(k));
            }
        }
        return b.toString();
    }
}
