package io.daos.control.dmg.text;

import io.daos.control.api.net.HostList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hosts grouped by a result text (connection state, storage summary, rank state...) and the three
 * ways §6.5.3 prints such groups. Keys print in string order; each group's hosts print as a host
 * set ({@link HostList#setOf}: sorted, merged, de-duplicated, ranged). This class is an
 * accumulator: it is filled with {@link #add} and is not thread-safe; the renderings do not change it.
 *
 * <p>Ranks are grouped the way the reference does it, as pseudo hosts {@code r-<rank>}
 * ({@link #addRank}); {@link #tabulateRanks} then deletes every {@code r-} from the rendered text,
 * widths having been measured with it (so the rank column is visibly under-padded, as in §6.6.1).
 */
public final class HostGroups {

    private static final String RANK_PREFIX = "r-";

    private final Map<String, List<String>> groups = new TreeMap<>();

    /**
     * Adds the hosts of {@code hosts} (§6.3 syntax, usually one {@code host:port}) under {@code key}.
     *
     * @return this
     * @throws IllegalArgumentException with the reference's message for a bad host pattern
     */
    public HostGroups add(String key, String hosts) {
        HostList.parse(hosts);
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(hosts);
        return this;
    }

    /** Adds rank {@code rank} under {@code key} as the pseudo host {@code r-<rank>}; see {@link #tabulateRanks}. */
    public HostGroups addRank(String key, long rank) {
        if (rank < 0) {
            throw new IllegalArgumentException("invalid rank " + rank);
        }
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(RANK_PREFIX + rank);
        return this;
    }

    /** Whether no group has been added. */
    public boolean isEmpty() {
        return groups.isEmpty();
    }

    /** The groups in key order, each key with its set of hosts. */
    public Map<String, HostList> groups() {
        Map<String, HostList> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : groups.entrySet()) {
            out.put(e.getKey(), HostList.setOf(e.getValue()));
        }
        return out;
    }

    /**
     * The group list: per key, {@code <hosts right-aligned to the widest>: <key>\n}, e.g.
     * {@code localhost:10001: connected}. Empty when there are no groups.
     */
    @Override
    public String toString() {
        List<String> sets = rangedSets();
        int width = 0;
        for (String s : sets) {
            width = Math.max(width, s.codePointCount(0, s.length()));
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (String key : groups.keySet()) {
            String s = sets.get(i++);
            Text.padLeft(sb, s, width);
            sb.append(": ").append(key).append('\n');
        }
        return sb.toString();
    }

    /**
     * The group table: columns {@code titles}, one row per key whose first cell is the ranged host
     * set and whose other cells are the key split at {@code /}.
     *
     * @throws IllegalArgumentException {@code insufficient number of column titles} for fewer than two
     *         titles, {@code unexpected summary format} when a key splits into the wrong number of parts
     */
    public String tabulate(String... titles) {
        if (titles.length < 2) {
            throw new IllegalArgumentException("insufficient number of column titles");
        }
        List<String[]> rows = new ArrayList<>();
        List<String> sets = rangedSets();
        int i = 0;
        for (String key : groups.keySet()) {
            String[] parts = key.split("/", -1);
            if (parts.length != titles.length - 1) {
                throw new IllegalArgumentException("unexpected summary format");
            }
            String[] row = new String[titles.length];
            row[0] = sets.get(i++);
            System.arraycopy(parts, 0, row, 1, parts.length);
            rows.add(row);
        }
        return Table.renderRows(List.of(titles), rows);
    }

    /**
     * {@link #tabulate} for groups of ranks added with {@link #addRank}: the table is laid out on
     * the {@code r-} pseudo hosts, then every {@code r-} is deleted from the text.
     *
     * @throws IllegalArgumentException as {@link #tabulate}
     */
    public String tabulateRanks(String... titles) {
        return tabulate(titles).replace(RANK_PREFIX, "");
    }

    /**
     * The group blocks of verbose storage output: per key,
     * {@code <dashes>\n<hosts>\n<dashes>\n<key>} with as many dashes as the host set is long and no
     * newline after the key.
     */
    public String blocks() {
        StringBuilder sb = new StringBuilder();
        List<String> sets = rangedSets();
        int i = 0;
        for (String key : groups.keySet()) {
            String s = sets.get(i++);
            String dashes = Text.repeat('-', s.codePointCount(0, s.length()));
            sb.append(dashes).append('\n').append(s).append('\n').append(dashes).append('\n').append(key);
        }
        return sb.toString();
    }

    private List<String> rangedSets() {
        List<String> out = new ArrayList<>(groups.size());
        for (List<String> hosts : groups.values()) {
            out.add(HostList.setOf(hosts).toString());
        }
        return out;
    }
}
