package io.daos.control.dmg.text;

import io.daos.control.api.net.HostList;
import io.daos.control.api.system.RankSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hosts grouped by a result text (connection state, storage summary, rank state...) and the three
 * ways §6.5.3 prints such groups. Keys print in string order; each group's hosts print as a host
 * set (the set form of {@link HostList}: sorted, merged, de-duplicated, ranged). This class is an
 * accumulator: it is filled with {@link #add} and is not thread-safe; the renderings do not change it.
 *
 * <p>Ranks are grouped the way the reference does it, as pseudo hosts {@code r-<rank>}
 * ({@link #addRank}); {@link #tabulateRanks} then deletes every {@code r-} from the rendered text,
 * widths having been measured with it (so the rank column is visibly under-padded, as in §6.6.1).
 * A group of ranks prints as {@code r-} and its {@link RankSet} ({@code r-[0-3,5]}, {@code r-7}),
 * which is what the host-set form of the pseudo hosts is, found in n log n for thousands of ranks.
 */
public final class HostGroups {

    private static final String RANK_PREFIX = "r-";

    /** Per key: host patterns, or (for rank groups) {@code null}. */
    private final Map<String, List<String>> groups = new TreeMap<>();
    /** Per key of a rank group: its ranks. */
    private final Map<String, List<Long>> ranks = new TreeMap<>();
    /** Per key added as table cells ({@link #addCells}, {@link #addRankCells}): the cells. */
    private final Map<String, String[]> cells = new HashMap<>();

    /**
     * Adds the hosts of {@code hosts} (§6.3 syntax, usually one {@code host:port}) under {@code key}.
     *
     * @return this
     * @throws IllegalArgumentException with the reference's message for a bad host pattern
     */
    public HostGroups add(String key, String hosts) {
        if (ranks.containsKey(key)) {
            throw new IllegalStateException("group " + key + " holds ranks, not hosts");
        }
        HostList.parse(hosts);
        List<String> list = groups.get(key);
        if (list == null) {
            list = new ArrayList<>();
            groups.put(key, list);
        }
        list.add(hosts);
        return this;
    }

    /** Adds rank {@code rank} under {@code key} as the pseudo host {@code r-<rank>}; see {@link #tabulateRanks}. */
    public HostGroups addRank(String key, long rank) {
        RankSet.ofValues(rank); // the range check and its message
        if (groups.get(key) != null) {
            throw new IllegalStateException("group " + key + " holds hosts, not ranks");
        }
        groups.put(key, null);
        List<Long> list = ranks.get(key);
        if (list == null) {
            list = new ArrayList<>();
            ranks.put(key, list);
        }
        list.add(rank);
        return this;
    }

    /**
     * {@link #add} for a table row: {@code cells} are the row's cells after the host column, kept
     * as they are, so that a cell holding {@code /} (an error naming a path or an address such as
     * {@code /127.0.0.2:10001}) stays one cell. The reference splits its key at every {@code /}
     * and fails the whole table ({@code unexpected summary format}) on such a message; the
     * groups still sort as the reference's {@code /}-joined keys do.
     */
    public HostGroups addCells(String[] cells, String hosts) {
        return add(cellsKey(cells), hosts);
    }

    /** {@link #addRank} for a table row of cells, as {@link #addCells}. */
    public HostGroups addRankCells(String[] cells, long rank) {
        return addRank(cellsKey(cells), rank);
    }

    private String cellsKey(String[] row) {
        String key = String.join("/", row) + '\u0000' + String.join("\u001f", row);
        cells.put(key, row.clone());
        return key;
    }

    /** Whether no group has been added. */
    public boolean isEmpty() {
        return groups.isEmpty();
    }

    /**
     * The groups in key order, each key with its set of hosts in ranged form ({@code node[1-3]};
     * a rank group as {@code r-[0-3,5]}).
     */
    public Map<String, String> groups() {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        List<String> sets = rangedSets();
        for (String key : groups.keySet()) {
            out.put(key, sets.get(i++));
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
            width = Math.max(width, Text.width(s));
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
     * set and whose other cells are the key's cells ({@link #addCells}) or the key split at {@code /}.
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
            String[] parts = cells.containsKey(key) ? cells.get(key) : key.split("/", -1);
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
            String dashes = Text.repeat('-', Text.width(s));
            sb.append(dashes).append('\n').append(s).append('\n').append(dashes).append('\n').append(key);
        }
        return sb.toString();
    }

    private List<String> rangedSets() {
        List<String> out = new ArrayList<>(groups.size());
        for (Map.Entry<String, List<String>> e : groups.entrySet()) {
            out.add(e.getValue() != null ? HostList.parseSet(String.join(",", e.getValue())).toString()
                    : RANK_PREFIX + rankSet(ranks.get(e.getKey())));
        }
        return out;
    }

    private static RankSet rankSet(List<Long> values) {
        long[] v = new long[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        return RankSet.ofValues(v);
    }
}
