package io.daos.control.dmg.cmd.pool;

import java.util.List;

import io.daos.control.dmg.cli.Json;

/** A JSON object written field by field, for the one document of {@code -j} (see package-info). */
final class Doc {

    private final StringBuilder sb = new StringBuilder("{");

    private StringBuilder key(String name) {
        if (sb.length() > 1) {
            sb.append(',');
        }
        return Json.string(sb, name).append(':');
    }

    /** A string field; null is written as {@code null}. */
    Doc field(String name, String value) {
        key(name);
        if (value == null) {
            sb.append("null");
        } else {
            Json.string(sb, value);
        }
        return this;
    }

    /** An unsigned number field. */
    Doc number(String name, long value) {
        key(name).append(Long.toUnsignedString(value));
        return this;
    }

    /** A signed number field (a status). */
    Doc integer(String name, long value) {
        key(name).append(value);
        return this;
    }

    /** A boolean field. */
    Doc bool(String name, boolean value) {
        key(name).append(value);
        return this;
    }

    /** An array of unsigned numbers. */
    Doc numbers(String name, List<Integer> values) {
        key(name).append('[');
        for (int i = 0; i < values.size(); i++) {
            sb.append(i > 0 ? "," : "").append(Integer.toUnsignedString(values.get(i)));
        }
        sb.append(']');
        return this;
    }

    /** An array of strings. */
    Doc strings(String name, List<String> values) {
        key(name).append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Json.string(sb, values.get(i));
        }
        sb.append(']');
        return this;
    }

    /** A nested object, or {@code null}. */
    Doc object(String name, Doc value) {
        key(name).append(value == null ? "null" : value.toString());
        return this;
    }

    /** An array of objects. */
    Doc objects(String name, List<Doc> values) {
        key(name).append('[');
        for (int i = 0; i < values.size(); i++) {
            sb.append(i > 0 ? "," : "").append(values.get(i));
        }
        sb.append(']');
        return this;
    }

    @Override
    public String toString() {
        return sb + "}";
    }
}
