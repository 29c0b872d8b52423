package io.daos.control.api.config;

/**
 * A setting that must be a positive whole number (a connection bound, a time in milliseconds),
 * read from a component or framework property: unset (null or blank) means the default, a value
 * that is not a whole number in {@code [1, max]} means the default too, after the caller's warning.
 */
public final class PositiveSetting {

    private PositiveSetting() {
    }

    /**
     * {@code value} (surrounding blanks ignored) as a number in {@code [1, max]}; {@code dflt} when it
     * is unset, and also when it is anything else, after running {@code onBad} (the caller's
     * warning, naming the setting).
     */
    public static long read(Object value, long dflt, long max, Runnable onBad) {
        if (value == null || value.toString().isBlank()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(value.toString().trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the caller warns
        }
        onBad.run();
        return dflt;
    }
}
