package io.daos.control.dmg.text;

/** Padding helpers shared by the renderers; widths count code points, as Go counts runes. */
final class Text {

    private Text() {
    }

    static int width(String s) {
        return s.codePointCount(0, s.length());
    }

    static String repeat(char c, int n) {
        return String.valueOf(c).repeat(Math.max(0, n));
    }

    /** Appends {@code s} then spaces up to {@code width}. */
    static void padRight(StringBuilder sb, String s, int width) {
        sb.append(s);
        for (int i = width(s); i < width; i++) {
            sb.append(' ');
        }
    }

    /** Appends spaces then {@code s} so that together they fill {@code width}. */
    static void padLeft(StringBuilder sb, String s, int width) {
        for (int i = width(s); i < width; i++) {
            sb.append(' ');
        }
        sb.append(s);
    }
}
