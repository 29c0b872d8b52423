package io.daos.control.dmg.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reference's table (SPEC-SYSTEM §6.5.1): a title line, a line of dashes under each title, then
 * one line per row. Every column, the last included, is padded to its widest cell plus one space, so
 * lines carry trailing spaces; a value missing from a row prints as {@code None}.
 *
 * <pre>
 * Pool UUID                            Svc Replicas
 * ---------                            ------------
 * 2a8ec3b2-729b-4617-bf51-77f37f764194 1,2
 * </pre>
 * (trailing spaces not shown).
 */
public final class Table {

    /** What a row without a value for a column shows. */
    public static final String MISSING = "None";

    private Table() {
    }

    /**
     * Renders rows given as maps from column title to value, in the order given.
     *
     * @param titles the column titles, left to right
     * @param rows   the rows; a title absent from a row (or mapped to null) prints {@code None}
     */
    public static String render(List<String> titles, List<? extends Map<String, String>> rows) {
        List<String[]> cells = new ArrayList<>(rows.size());
        for (Map<String, String> row : rows) {
            String[] line = new String[titles.size()];
            for (int c = 0; c < line.length; c++) {
                String v = row.get(titles.get(c));
                line[c] = v == null ? MISSING : v;
            }
            cells.add(line);
        }
        return renderRows(titles, cells);
    }

    /**
     * Renders rows given as arrays of cells in title order; a short row or a null cell prints
     * {@code None}.
     */
    public static String renderRows(List<String> titles, List<String[]> rows) {
        int columns = titles.size();
        int[] widths = new int[columns];
        String[] dashes = new String[columns];
        for (int c = 0; c < columns; c++) {
            widths[c] = Text.width(titles.get(c));
            dashes[c] = Text.repeat('-', titles.get(c).length());
        }
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], Text.width(cell(row, c)));
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, titles.toArray(new String[0]), widths);
        line(sb, dashes, widths);
        for (String[] row : rows) {
            line(sb, row, widths);
        }
        return sb.toString();
    }

    private static String cell(String[] row, int c) {
        return c < row.length && row[c] != null ? row[c] : MISSING;
    }

    private static void line(StringBuilder sb, String[] row, int[] widths) {
        for (int c = 0; c < widths.length; c++) {
            Text.padRight(sb, cell(row, c), widths[c] + 1);
        }
        sb.append('\n');
    }
}
