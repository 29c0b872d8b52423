package io.daos.control.dmg.text;

import java.util.List;
import java.util.Map;

/**
 * The reference's single-entity view (SPEC-SYSTEM §6.5.2): a title, a line of dashes as long as the
 * title, then one {@code key : value} line per attribute in the order given.
 *
 * <p>Keys are padded to a width found the reference's way: walking the keys in order, a key longer
 * than the current width sets it to that key's length plus one. So the width is usually the longest
 * key plus one, but a key exactly as long as the width an earlier key set gets no space before its
 * colon ({@code ab}, {@code abc} give {@code ab : ...} and {@code abc: ...}). The {@code : value}
 * part is padded to its widest line, which leaves trailing spaces after shorter values.
 */
public final class Entity {

    private Entity() {
    }

    /** Renders {@code title} and the attributes in map iteration order (use a LinkedHashMap). */
    public static String render(String title, Map<String, String> attributes) {
        return render(title, List.copyOf(attributes.entrySet()));
    }

    /** Renders {@code title} and the attributes in list order; a null value prints {@code None}. */
    public static String render(String title, List<? extends Map.Entry<String, String>> attributes) {
        int keyWidth = 0;
        int valueWidth = 0;
        for (Map.Entry<String, String> a : attributes) {
            int w = Text.width(a.getKey());
            if (w > keyWidth) {
                keyWidth = w + 1;
            }
            valueWidth = Math.max(valueWidth, 2 + Text.width(value(a)));
        }
        StringBuilder sb = new StringBuilder();
        sb.append(title).append('\n').append(Text.repeat('-', Text.width(title))).append('\n');
        for (Map.Entry<String, String> a : attributes) {
            Text.padRight(sb, a.getKey(), keyWidth);
            Text.padRight(sb, ": " + value(a), valueWidth);
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String value(Map.Entry<String, String> a) {
        return a.getValue() == null ? Table.MISSING : a.getValue();
    }
}
