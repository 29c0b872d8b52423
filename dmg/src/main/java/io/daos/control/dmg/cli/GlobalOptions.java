package io.daos.control.dmg.cli;

/**
 * The global options of {@code dmg} (SPEC-SYSTEM §6.1).
 *
 * @param allowProxy {@code --allow-proxy}
 * @param hostList   {@code -l, --host-list}, null when absent
 * @param insecure   {@code -i, --insecure}
 * @param debug      {@code -d, --debug}
 * @param json       {@code -j, --json}
 * @param hostFile   {@code -f, --host-file}, null when absent
 * @param configPath {@code -o, --config-path}, null when absent
 */
public record GlobalOptions(boolean allowProxy, String hostList, boolean insecure, boolean debug, boolean json,
        String hostFile, String configPath) {

    /** No global option given. */
    public static final GlobalOptions NONE = new GlobalOptions(false, null, false, false, false, null, null);
}
