package io.daos.control.dmg.cli;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * What {@code dmg} reads from its surroundings, injectable for tests: the environment, the
 * system configuration directory (CONF_DIR), the installation directory (the parent of
 * {@code bin/}, from the system property {@value #HOME_PROPERTY} that {@code bin/dmg} sets) and
 * the working directory.
 *
 * @param env     the environment lookup (null for an unset variable)
 * @param confDir the system configuration directory, or null for none
 * @param home    the installation directory, or null when unknown
 * @param cwd     the absolute working directory
 */
public record Platform(Function<String, String> env, Path confDir, Path home, Path cwd) {

    /** The system property naming the installation directory (the parent of {@code bin/dmg}). */
    public static final String HOME_PROPERTY = "dmg.home";

    /** The fixed system configuration directory of the reference. */
    public static final Path CONF_DIR = Path.of("/etc/daos");

    /** The surroundings of this process. */
    public static Platform system() {
        String home = System.getProperty(HOME_PROPERTY);
        return new Platform(new SystemEnv(), CONF_DIR, home == null || home.isEmpty() ? null : Path.of(home),
                Path.of("").toAbsolutePath());
    }

    /** The process environment (a class, not a method reference: no lambda bootstrap at start). */
    private static final class SystemEnv implements Function<String, String> {
        @Override
        public String apply(String name) {
            return System.getenv(name);
        }
    }
}
