package io.daos.control.storage.scm.internal;

import java.io.IOException;
import java.util.List;

import io.daos.control.api.storage.ScmModule;
import io.daos.control.jna.LibraryNotInstalledException;

/**
 * The PMem side of the SCM provider (SPEC-SERVER §4.3, §4.4): module discovery through
 * libipmctl and the {@code ndctl}/{@code ipmctl} command lines the reference runs.
 * {@link IpmctlPmemBackend} is the real one; tests script a fake.
 */
interface PmemBackend {

    /** Timeout of read-only commands (list, show). */
    long QUERY_TIMEOUT_S = 120;

    /** Timeout of commands that change the hardware configuration (goals, namespaces). */
    long CHANGE_TIMEOUT_S = 900;

    /**
     * The PMem modules of this host, unsorted; empty when there are none.
     *
     * @throws IOException                  discovery failed: {@code <call>: rc=<n>}
     * @throws LibraryNotInstalledException libipmctl cannot be loaded
     */
    List<ScmModule> discoverModules() throws IOException, LibraryNotInstalledException;

    /** Whether the tool {@code name} ({@code ndctl}, {@code ipmctl}) can be run. */
    boolean hasCommand(String name);

    /**
     * Runs a command line and returns its stdout.
     *
     * @param argv           the tool and its arguments
     * @param timeoutSeconds the command is killed after this long
     * @throws IOException {@code exit status <n>: stdout: <out>; stderr: <err>}, not found, timeout
     */
    String run(List<String> argv, long timeoutSeconds) throws IOException;
}
