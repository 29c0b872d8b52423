package io.daos.control.dmg.cmd;

import io.daos.control.dmg.cli.Json;

/**
 * A small writer of one compact JSON document for {@code -j} (no JSON library on {@code dmg}'s class
 * path): objects, arrays, names and scalar values in call order, commas placed by the writer.
 * The caller keeps the nesting balanced; strings are escaped by {@link Json#string}.
 */
public final class JsonWriter {

    private final StringBuilder sb = new StringBuilder(256);
    /** Whether the next name or value follows a sibling and needs a comma. */
    private boolean comma;

    /** {@code {}. */
    public JsonWriter beginObject() {
        separate();
        sb.append('{');
        comma = false;
        return this;
    }

    /** {@code }}. */
    public JsonWriter endObject() {
        sb.append('}');
        comma = true;
        return this;
    }

    /** {@code [}. */
    public JsonWriter beginArray() {
        separate();
        sb.append('[');
        comma = false;
        return this;
    }

    /** {@code ]}. */
    public JsonWriter endArray() {
        sb.append(']');
        comma = true;
        return this;
    }

    /** A member name; its value follows. */
    public JsonWriter name(String name) {
        separate();
        Json.string(sb, name).append(':');
        comma = false;
        return this;
    }

    /** A string value, or {@code null}. */
    public JsonWriter value(String value) {
        if (value == null) {
            return nullValue();
        }
        separate();
        Json.string(sb, value);
        comma = true;
        return this;
    }

    /** A number value. */
    public JsonWriter value(long value) {
        separate();
        sb.append(value);
        comma = true;
        return this;
    }

    /** A number value read as unsigned (Go's {@code uint32}/{@code uint64} fields). */
    public JsonWriter unsignedValue(long value) {
        separate();
        sb.append(Long.toUnsignedString(value));
        comma = true;
        return this;
    }

    /** {@code null}. */
    public JsonWriter nullValue() {
        separate();
        sb.append("null");
        comma = true;
        return this;
    }

    /** A boolean value. */
    public JsonWriter value(boolean value) {
        separate();
        sb.append(value);
        comma = true;
        return this;
    }

    /** {@code name} and its string value. */
    public JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    /** {@code name} and its number value. */
    public JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    /** {@code name} and its unsigned number value. */
    public JsonWriter unsignedField(String name, long value) {
        return name(name).unsignedValue(value);
    }

    /** {@code name} and its boolean value. */
    public JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    private void separate() {
        if (comma) {
            sb.append(',');
        }
    }

    /** The document written so far. */
    @Override
    public String toString() {
        return sb.toString();
    }
}
