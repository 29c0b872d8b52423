package io.daos.control.itest.reliability;

import java.security.SecureRandom;

/**
 * The two profiles of the reliability suite (docs/reliability.md): quick (the default, in
 * {@code mvn verify} and CI) and long ({@code -Preliability-long}, which sets the system property
 * {@value #LONG_PROPERTY}{@code =true}). Counts come from here: the quick or the long default, or
 * {@code -Dreliability.<name>=<n>} for one run. Every randomised test takes its seed from
 * {@link #seed}: {@code -Dreliability.seed=<n>} replays a run, otherwise a fresh one is printed.
 */
final class Profile {

    /** The system property the long profile sets (the fuzz, load and soak tests read it too). */
    static final String LONG_PROPERTY = "reliability.long";

    private Profile() {
    }

    /** Whether this is the long profile. */
    static boolean isLong() {
        return Boolean.getBoolean(LONG_PROPERTY);
    }

    /** {@code -Dreliability.<name>}, else {@code quick} or {@code long} by profile. */
    static int count(String name, int quick, int lng) {
        String given = System.getProperty("reliability." + name);
        if (given != null && !given.isBlank()) {
            return Integer.parseInt(given.trim());
        }
        return isLong() ? lng : quick;
    }

    /** The seed of {@code test}'s run ({@code -Dreliability.seed}, else a fresh one), printed with how to replay it. */
    static long seed(String test) {
        String given = System.getProperty("reliability.seed");
        long seed = given == null || given.isBlank() ? new SecureRandom().nextLong() : Long.parseLong(given.trim());
        System.out.println("[seed] " + test + ": seed " + seed + " (" + (isLong() ? "long" : "quick")
                + " profile; replay: -Dreliability.seed=" + seed + ")");
        return seed;
    }
}
