package io.daos.control.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import io.daos.control.api.config.IOServerConfig;

/**
 * The {@code daos_io_server} argument and environment mapping of SPEC-SERVER §1.7, plus the
 * reference's environment-merge helpers (§8.2). {@link IOServerConfig#ioServerArgs} and
 * {@link IOServerConfig#ioServerEnv} delegate here.
 */
public final class IOServerArgs {

    private IOServerArgs() {
    }

    /**
     * Arguments in the exact order of §1.7: {@code -m -t -x -f -g -d -s -n -i -r -p -I}, each only
     * when its condition holds.
     *
     * @param hugepagesMB {@code -r} value; 0 omits it (callers pass 0 unless {@code set_hugepages})
     */
    public static List<String> args(IOServerConfig c, long sharedMemoryId, long hugepagesMB) {
        List<String> a = new ArrayList<>();
        if (!c.modules().isEmpty()) {
            add(a, "-m", c.modules());
        }
        if (c.targets() != 0) {
            add(a, "-t", Integer.toString(c.targets()));
        }
        add(a, "-x", Integer.toString(c.nrXsHelpers()));
        if (c.firstCore() != 0) {
            add(a, "-f", Integer.toString(c.firstCore()));
        }
        if (!c.name().isEmpty()) {
            add(a, "-g", c.name());
        }
        if (!c.socketDir().isEmpty()) {
            add(a, "-d", c.socketDir());
        }
        if (!c.scmMount().isEmpty()) {
            add(a, "-s", c.scmMount());
        }
        if (c.generatesNvmeConf()) {
            add(a, "-n", c.nvmeConfPath());
        }
        if (sharedMemoryId != 0) {
            add(a, "-i", Long.toString(sharedMemoryId));
        }
        if (hugepagesMB != 0) {
            add(a, "-r", Long.toString(hugepagesMB));
        }
        if (c.pinnedNumaNode().isPresent()) {
            add(a, "-p", Integer.toString(c.pinnedNumaNode().getAsInt()));
        }
        add(a, "-I", Integer.toString(c.index()));
        return List.copyOf(a);
    }

    private static void add(List<String> a, String flag, String value) {
        a.add(flag);
        a.add(value);
    }

    /**
     * The config-derived variables of §1.7 as {@code KEY=VALUE} (without {@code env_vars}).
     *
     * @throws IllegalStateException when an {@code ofi+verbs} provider needs an interface alias
     *                               that {@code interfaceAliases} cannot resolve
     */
    public static List<String> derivedEnv(IOServerConfig c, UnaryOperator<String> interfaceAliases) {
        List<String> env = new ArrayList<>();
        if (!c.logMask().isEmpty()) {
            env.add("D_LOG_MASK=" + c.logMask());
        }
        if (!c.logFile().isEmpty()) {
            env.add("D_LOG_FILE=" + c.logFile());
        }
        if (c.generatesNvmeConf() && c.bdevClass().vosBdevClass() != null) {
            env.add("VOS_BDEV_CLASS=" + c.bdevClass().vosBdevClass());
        }
        if (!c.provider().isEmpty()) {
            env.add("CRT_PHY_ADDR_STR=" + c.provider());
        }
        if (!c.fabricIface().isEmpty()) {
            env.add("OFI_INTERFACE=" + c.fabricIface());
        }
        if (c.fabricIfacePort() != 0) {
            env.add("OFI_PORT=" + c.fabricIfacePort());
        }
        if (c.provider().startsWith("ofi+verbs") && !hasEnvVar(c.envVars(), "OFI_DOMAIN")) {
            String iface = c.fabricIface();
            String alias = interfaceAliases == null ? null : interfaceAliases.apply(iface);
            if (alias == null || alias.isEmpty()) {
                throw new IllegalStateException("failed to resolve alias for " + iface
                        + ": unable to find an alias for: " + iface);
            }
            env.add("OFI_DOMAIN=" + alias);
        }
        return env;
    }

    /**
     * The full environment: {@code inherited} &lt; {@code env_vars} &lt; derived, sorted by name;
     * entries with an empty name or value are dropped.
     */
    public static Map<String, String> environment(IOServerConfig c, Map<String, String> inherited,
            UnaryOperator<String> interfaceAliases) {
        List<String> base = new ArrayList<>();
        inherited.forEach((k, v) -> base.add(k + "=" + v));
        List<String> merged = mergeEnvVars(mergeEnvVars(base, c.envVars()), derivedEnv(c, interfaceAliases));
        Map<String, String> out = new TreeMap<>();
        for (String kv : merged) {
            int eq = kv.indexOf('=');
            out.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return out;
    }

    /**
     * The reference {@code mergeEnvVars}: malformed entries (no {@code =}, empty key or value) are
     * dropped; within each list the first value of a key wins; {@code merge} values replace
     * {@code base} values. The result is in first-seen key order.
     */
    public static List<String> mergeEnvVars(List<String> base, List<String> merge) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : base) {
            String[] kv = split(pair);
            if (kv != null) {
                m.putIfAbsent(kv[0], kv[1]);
            }
        }
        Set<String> merged = new HashSet<>();
        for (String pair : merge) {
            String[] kv = split(pair);
            if (kv != null && merged.add(kv[0])) {
                m.put(kv[0], kv[1]);
            }
        }
        List<String> out = new ArrayList<>(m.size());
        m.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    /** Whether {@code env} has an entry starting with exactly {@code NAME=}. */
    public static boolean hasEnvVar(List<String> env, String name) {
        String prefix = name + "=";
        for (String e : env) {
            if (e.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String[] split(String pair) {
        if (pair == null) {
            return null;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0 || eq == pair.length() - 1) {
            return null;
        }
        return new String[] {pair.substring(0, eq), pair.substring(eq + 1)};
    }
}
