package io.daos.control.api.fault;

import java.util.Objects;

/**
 * An immutable control-plane fault (SPEC-SERVER §7, WIRE.md §5.7): a domain such as {@code server}
 * or {@code scm}, a numeric code, a description and an optional resolution.
 *
 * <p>Texts are quoted like Go's {@code %q}. {@link #toString()} is the reference text form {@code <domain>: code = <n> description =
 * "<description>"}; {@link #resolutionLine()} is the resolution form {@code <domain>: code = <n>
 * resolution = "<resolution>"} ({@code no known resolution} when empty). An empty domain is shown
 * as {@code unknown}.
 */
public final class Fault {

    /** Text shown instead of an empty resolution. */
    public static final String NO_RESOLUTION = "no known resolution";

    private final String domain;
    private final int code;
    private final String description;
    private final String resolution;

    /**
     * Creates a fault.
     *
     * @param domain      domain name ({@code server}, {@code scm}, ...); null or empty means unknown
     * @param code        numeric code (see {@link Faults})
     * @param description one-line description; null is treated as empty
     * @param resolution  resolution text, null or empty when none is known
     */
    public Fault(String domain, int code, String description, String resolution) {
        this.domain = domain == null ? "" : domain;
        this.code = code;
        this.description = description == null ? "" : description;
        this.resolution = resolution == null ? "" : resolution;
    }

    /** The domain as given (may be empty). */
    public String domain() {
        return domain;
    }

    /** The domain as displayed: {@code unknown} when empty. */
    public String displayDomain() {
        return domain.isEmpty() ? "unknown" : domain;
    }

    /** The numeric code. */
    public int code() {
        return code;
    }

    /** The description text. */
    public String description() {
        return description;
    }

    /** The resolution text, empty when none is known. */
    public String resolution() {
        return resolution;
    }

    /** Whether a non-empty resolution is known. */
    public boolean hasResolution() {
        return !resolution.isEmpty();
    }

    /** A copy with another description (for catalogue entries whose text has placeholders). */
    public Fault withDescription(String newDescription) {
        return new Fault(domain, code, newDescription, resolution);
    }

    /** A copy with another resolution. */
    public Fault withResolution(String newResolution) {
        return new Fault(domain, code, description, newResolution);
    }

    /** {@code <domain>: code = <n> resolution = "<resolution>"}. */
    public String resolutionLine() {
        return displayDomain() + ": code = " + code + " resolution = "
                + quote(resolution.isEmpty() ? NO_RESOLUTION : resolution);
    }

    /** {@code <domain>: code = <n> description = "<description>"}. */
    @Override
    public String toString() {
        return displayDomain() + ": code = " + code + " description = " + quote(description);
    }

    /**
     * Go {@code %q} quoting (as the reference formats faults and many messages): escapes quotes,
     * backslashes, controls.
     */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Fault)) {
            return false;
        }
        Fault f = (Fault) o;
        return code == f.code && domain.equals(f.domain) && description.equals(f.description)
                && resolution.equals(f.resolution);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, code, description, resolution);
    }
}
