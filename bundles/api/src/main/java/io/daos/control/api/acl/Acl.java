package io.daos.control.api.acl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.grpc.ClientValues;

/**
 * A pool's access-control list as the data plane keeps it (SPEC-SYSTEM §5.7, §4.4.5): valid
 * entries, at most one per principal, ordered by principal type ({@code OWNER@}, named users,
 * {@code GROUP@}, named groups, {@code EVERYONE@}) with the order of arrival kept within a type.
 * Immutable; {@link #update} and {@link #delete} return a new list.
 */
public final class Acl {

    /** Most bytes the entries may take in the data plane's encoding. */
    public static final int ENCODED_MAX = 65536;

    /** The ACL of a pool created without one: {@code A::OWNER@:rw}, {@code A:G:GROUP@:rw}. */
    public static final Acl DEFAULT = fixed("A::OWNER@:rw", "A:G:GROUP@:rw");

    private final List<Ace> entries;

    private Acl(List<Ace> entries) {
        this.entries = Collections.unmodifiableList(entries);
    }

    /**
     * Parses a whole list of entry strings (PoolCreate's {@code acl}, OverwriteACL, UpdateACL):
     * every entry valid ({@link Ace#parse}), at least one, no principal twice, at most
     * {@value #ENCODED_MAX} bytes encoded. The result is in canonical order.
     *
     * @throws AclException Der.INVAL; the message names the entry by its index in {@code texts}
     */
    public static Acl parse(List<String> texts) throws AclException {
        if (texts == null || texts.isEmpty()) {
            throw AclException.invalid("ACL: no entries");
        }
        List<Ace> in = new ArrayList<>(texts.size());
        int size = 0;
        for (int i = 0; i < texts.size(); i++) {
            Ace a;
            try {
                a = Ace.parse(texts.get(i));
            } catch (AclException e) {
                throw AclException.invalid("ACL entry " + i + ": " + e.getMessage());
            }
            for (Ace b : in) {
                if (b.principal().equals(a.principal())) {
                    throw AclException.invalid("ACL entry " + i + ": a second entry for principal "
                            + ClientValues.quote(a.principal().text()));
                }
            }
            size += a.encodedSize();
            if (size > ENCODED_MAX) {
                throw tooLarge(size);
            }
            in.add(a);
        }
        return new Acl(sorted(in));
    }

    /**
     * The list a pool stored (canonical strings, possibly none, as GetACL returns them): the same
     * rules as {@link #parse} except that an empty list is allowed.
     *
     * @throws AclException Der.INVAL when the stored text breaks a rule
     */
    public static Acl stored(List<String> texts) throws AclException {
        return texts == null || texts.isEmpty() ? new Acl(new ArrayList<>()) : parse(texts);
    }

    /** The entries, in canonical order. */
    public List<Ace> entries() {
        return entries;
    }

    /** The entries' canonical texts, in canonical order (an ACLResp's {@code ACL}). */
    public List<String> strings() {
        List<String> out = new ArrayList<>(entries.size());
        for (Ace a : entries) {
            out.add(a.toString());
        }
        return out;
    }

    /** The entry of {@code p}, or null. */
    public Ace entryOf(Principal p) {
        int i = indexOf(entries, p);
        return i < 0 ? null : entries.get(i);
    }

    /** Bytes of the entries in the data plane's encoding. */
    public int encodedSize() {
        int n = 0;
        for (Ace a : entries) {
            n += a.encodedSize();
        }
        return n;
    }

    /**
     * UpdateACL (SPEC-SYSTEM §4.4.5): each entry of {@code changes}, in its canonical order,
     * replaces this list's entry of the same principal in place, or else goes before the first
     * entry of a later principal type (at the end if there is none).
     *
     * @throws AclException Der.INVAL when the result would be over {@value #ENCODED_MAX} bytes
     */
    public Acl update(Acl changes) throws AclException {
        List<Ace> out = new ArrayList<>(entries);
        for (Ace n : changes.entries) {
            int same = indexOf(out, n.principal());
            if (same >= 0) {
                out.set(same, n);
                continue;
            }
            int at = out.size();
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).principal().type().compareTo(n.principal().type()) > 0) {
                    at = i;
                    break;
                }
            }
            out.add(at, n);
        }
        Acl result = new Acl(out);
        int size = result.encodedSize();
        if (size > ENCODED_MAX) {
            throw tooLarge(size);
        }
        return result;
    }

    /**
     * DeleteACL (SPEC-SYSTEM §4.4.5): this list without the entry of {@code p}.
     *
     * @throws AclException Der.NONEXIST when {@code p} has no entry
     */
    public Acl delete(Principal p) throws AclException {
        int i = indexOf(entries, p);
        if (i < 0) {
            throw new AclException(Der.NONEXIST, "ACL: no entry for principal "
                    + ClientValues.quote(p.text()));
        }
        List<Ace> out = new ArrayList<>(entries);
        out.remove(i);
        return new Acl(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Acl a && entries.equals(a.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** The canonical texts joined by commas, for logs. */
    @Override
    public String toString() {
        return String.join(",", strings());
    }

    private static int indexOf(List<Ace> list, Principal p) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).principal().equals(p)) {
                return i;
            }
        }
        return -1;
    }

    /** Stable order by principal type. */
    private static List<Ace> sorted(List<Ace> in) {
        List<Ace> out = new ArrayList<>(in);
        out.sort((a, b) -> a.principal().type().compareTo(b.principal().type()));
        return out;
    }

    private static AclException tooLarge(int size) {
        return AclException.invalid("ACL: entries take over " + ENCODED_MAX + " bytes encoded (" + size
                + " so far)");
    }

    private static Acl fixed(String... texts) {
        try {
            return parse(List.of(texts));
        } catch (AclException e) {
            throw new IllegalStateException(e);
        }
    }
}
