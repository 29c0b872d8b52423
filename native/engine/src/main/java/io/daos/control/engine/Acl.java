package io.daos.control.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Pool access-control lists in the short string form of SPEC-SYSTEM 5.7:
 * {@code TYPE:FLAGS:PRINCIPAL:PERMISSIONS}. Parsing validates every rule of 5.7 and yields the
 * canonical form the data plane stores and returns (letters in fixed order, entries ordered by
 * principal type, input order kept within a type).
 */
public final class Acl {
    /** Longest principal, and longest ACE string (principal max + 64). */
    public static final int PRINCIPAL_MAX = 255;
    public static final int ACE_MAX = PRINCIPAL_MAX + 64;

    private static final String TYPES = "AUL";
    private static final String FLAGS = "GSFP";
    private static final String PERMS = "rwcdtTaAo";

    /** Principal types in canonical order. */
    public enum Kind { OWNER, USER, OWNER_GROUP, GROUP, EVERYONE }

    /** One validated entry. */
    public record Ace(String types, String flags, Kind kind, String name, String perms) {
        /** Canonical text. */
        @Override
        public String toString() {
            return types + ":" + flags + ":" + principalText() + ":" + perms;
        }

        String principalText() {
            return switch (kind) {
                case OWNER -> "OWNER@";
                case OWNER_GROUP -> "GROUP@";
                case EVERYONE -> "EVERYONE@";
                default -> name;
            };
        }

        boolean samePrincipal(Ace o) {
            return kind == o.kind && name.equals(o.name);
        }
    }

    /** Thrown for any rule violation; the data plane answers -DER_INVAL. */
    public static final class InvalidAclException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidAclException(String msg) {
            super(msg);
        }
    }

    private Acl() {
    }

    /** Parses one ACE string. */
    public static Ace parseAce(String s) throws InvalidAclException {
        if (s == null || s.length() > ACE_MAX) {
            throw new InvalidAclException("ACE too long");
        }
        String[] f = s.split(":", -1);
        if (f.length != 4) {
            throw new InvalidAclException("ACE must have 4 fields: " + s);
        }
        String types = letters(f[0], TYPES, "type");
        String flags = letters(f[1], FLAGS, "flag");
        String perms = letters(f[3], PERMS, "permission");
        if (types.isEmpty()) {
            throw new InvalidAclException("ACE has no type: " + s);
        }
        boolean group = flags.indexOf('G') >= 0;
        Kind kind;
        String name = "";
        switch (f[2]) {
            case "OWNER@" -> kind = Kind.OWNER;
            case "GROUP@" -> kind = Kind.OWNER_GROUP;
            case "EVERYONE@" -> kind = Kind.EVERYONE;
            default -> {
                if (!validPrincipalName(f[2])) {
                    throw new InvalidAclException("invalid principal: " + f[2]);
                }
                kind = group ? Kind.GROUP : Kind.USER;
                name = f[2];
            }
        }
        boolean isGroup = kind == Kind.GROUP || kind == Kind.OWNER_GROUP;
        if (group != isGroup) {
            throw new InvalidAclException("G flag must be given iff the principal is a group: " + s);
        }
        boolean auditOrAlarm = types.indexOf('U') >= 0 || types.indexOf('L') >= 0;
        boolean successOrFailure = flags.indexOf('S') >= 0 || flags.indexOf('F') >= 0;
        if (auditOrAlarm != successOrFailure) {
            throw new InvalidAclException(auditOrAlarm
                    ? "audit/alarm ACE needs an S or F flag: " + s
                    : "allow ACE may not have S or F flags: " + s);
        }
        return new Ace(types, flags, kind, name, perms);
    }

    /** {@code name@} or {@code name@domain}: 1..255 chars, exactly one '@', not first. */
    public static boolean validPrincipalName(String p) {
        if (p == null || p.isEmpty() || p.length() > PRINCIPAL_MAX || p.charAt(0) == '@') {
            return false;
        }
        int at = p.indexOf('@');
        return at > 0 && p.indexOf('@', at + 1) < 0;
    }

    /** Parses a whole ACL: non-empty, no two entries for one principal; canonical order. */
    public static List<Ace> parse(Collection<String> entries) throws InvalidAclException {
        if (entries.isEmpty()) {
            throw new InvalidAclException("empty ACL");
        }
        List<Ace> out = new ArrayList<>();
        for (String s : entries) {
            Ace a = parseAce(s);
            for (Ace b : out) {
                if (a.samePrincipal(b)) {
                    throw new InvalidAclException("duplicate principal: " + s);
                }
            }
            out.add(a);
        }
        return sorted(out);
    }

    /** Stable sort by principal type. */
    static List<Ace> sorted(List<Ace> in) {
        List<Ace> out = new ArrayList<>(in.size());
        for (Kind k : Kind.values()) {
            for (Ace a : in) {
                if (a.kind == k) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** PoolUpdateACL: replace an existing principal in place, else insert before the first
     *  entry of a later principal type (or append). */
    public static List<Ace> update(List<Ace> current, List<Ace> changes) {
        List<Ace> out = new ArrayList<>(current);
        outer:
        for (Ace n : changes) {
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).samePrincipal(n)) {
                    out.set(i, n);
                    continue outer;
                }
            }
            int at = out.size();
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).kind.ordinal() > n.kind.ordinal()) {
                    at = i;
                    break;
                }
            }
            out.add(at, n);
        }
        return out;
    }

    /** Principal of PoolDeleteACL: {@code u:name@[dom]}, {@code g:name@[dom]}, OWNER@, GROUP@,
     *  EVERYONE@. Returns a probe ACE carrying only kind and name. */
    public static Ace parsePrincipal(String p) throws InvalidAclException {
        if (p == null) {
            throw new InvalidAclException("no principal");
        }
        switch (p) {
            case "OWNER@": return new Ace("", "", Kind.OWNER, "", "");
            case "GROUP@": return new Ace("", "", Kind.OWNER_GROUP, "", "");
            case "EVERYONE@": return new Ace("", "", Kind.EVERYONE, "", "");
            default:
        }
        if ((p.startsWith("u:") || p.startsWith("g:")) && validPrincipalName(p.substring(2))) {
            return new Ace("", "", p.charAt(0) == 'u' ? Kind.USER : Kind.GROUP, p.substring(2), "");
        }
        throw new InvalidAclException("invalid principal: " + p);
    }

    /** Removes the entry of {@code principal}; returns null if there is none. */
    public static List<Ace> delete(List<Ace> current, Ace principal) {
        List<Ace> out = new ArrayList<>(current);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).samePrincipal(principal)) {
                out.remove(i);
                return out;
            }
        }
        return null;
    }

    /** Canonical strings of a parsed list. */
    public static List<String> strings(List<Ace> acl) {
        List<String> out = new ArrayList<>(acl.size());
        for (Ace a : acl) {
            out.add(a.toString());
        }
        return out;
    }

    /** Default pool ACL: {@code A::OWNER@:rw}, {@code A:G:GROUP@:rw}. */
    public static List<Ace> defaultAcl() {
        return List.of(new Ace("A", "", Kind.OWNER, "", "rw"), new Ace("A", "G", Kind.OWNER_GROUP, "", "rw"));
    }

    /** Validates letters against {@code allowed} and renders them in its order, duplicates collapsed. */
    private static String letters(String field, String allowed, String what) throws InvalidAclException {
        boolean[] seen = new boolean[allowed.length()];
        for (int i = 0; i < field.length(); i++) {
            int k = allowed.indexOf(field.charAt(i));
            if (k < 0) {
                throw new InvalidAclException("unknown " + what + " '" + field.charAt(i) + "'");
            }
            seen[k] = true;
        }
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < seen.length; k++) {
            if (seen[k]) {
                b.append(allowed.charAt(k));
            }
        }
        return b.toString();
    }
}
