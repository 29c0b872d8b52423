package io.daos.control.dmg.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A set of hosts as the v1.0 tools display them (SPEC-SYSTEM §6.3 "Sets"): ordered by prefix, then
 * suffix, then number (or width when the zero padding of two ranges cannot be reconciled), with
 * touching and overlapping ranges merged and duplicates dropped. {@code node2-1,node1-2,node3}
 * prints as {@code node3,node1-2,node2-1}; {@code host01,host2} as {@code host[2,01]}. Immutable.
 */
public final class HostSet {

    /** The empty set. */
    public static final HostSet EMPTY = new HostSet(List.of());

    private final List<HostRange> ranges;

    private HostSet(List<HostRange> ranges) {
        this.ranges = ranges;
    }

    /**
     * The set of the hosts {@code text} names (§6.3 syntax).
     *
     * @throws IllegalArgumentException with the reference's message for a bad pattern
     */
    public static HostSet parse(String text) {
        return EMPTY.with(text);
    }

    /**
     * The set of every host the patterns name.
     *
     * @throws IllegalArgumentException with the reference's message for a bad pattern
     */
    public static HostSet of(Iterable<String> patterns) {
        List<HostRange> set = new ArrayList<>();
        for (String p : patterns) {
            for (HostRange r : HostRanges.parse(p)) {
                HostRanges.insert(set, r);
            }
        }
        return set.isEmpty() ? EMPTY : new HostSet(set);
    }

    /**
     * This set with the hosts of {@code text} added.
     *
     * @throws IllegalArgumentException with the reference's message for a bad pattern
     */
    public HostSet with(String text) {
        List<HostRange> added = HostRanges.parse(text);
        if (added.isEmpty()) {
            return this;
        }
        List<HostRange> set = HostRanges.copy(ranges);
        for (HostRange r : added) {
            HostRanges.insert(set, r);
        }
        return new HostSet(set);
    }

    /** Package use: a set over ranges already ordered and merged (taken over, not copied). */
    static HostSet wrap(List<HostRange> ranges) {
        return ranges.isEmpty() ? EMPTY : new HostSet(ranges);
    }

    /** How many distinct hosts the set holds. */
    public long count() {
        return HostRanges.count(ranges);
    }

    /** Whether the set is empty. */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Every host spelled out, in set order. */
    public List<String> hosts() {
        return Collections.unmodifiableList(HostRanges.hosts(ranges));
    }

    /** Every host spelled out, comma-separated, in set order. */
    public String deranged() {
        return HostRanges.deranged(ranges);
    }

    /** The ranged form, e.g. {@code node[1-3,7],other}. */
    @Override
    public String toString() {
        return HostRanges.ranged(ranges);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostSet && toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
