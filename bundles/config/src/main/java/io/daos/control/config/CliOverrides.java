package io.daos.control.config;

import java.util.Locale;
import java.util.function.Function;

/**
 * The {@code daos_server start} flags that override the file (SPEC-SERVER §2.2). A null field means
 * "flag not given". Semantics when applied: {@code -p} if &gt; 0; {@code -s} if non-empty (first
 * server's {@code scm_mount} only); {@code -m} if given at all (even empty); {@code -t} if &gt; 0;
 * {@code -x} if given (0 allowed); {@code -f} if &gt; 0; {@code -g}, {@code -d} if non-empty;
 * {@code -i} sets {@code allow_insecure} true (never false); {@code --recreate-superblocks} sets
 * recreate mode to its value. Every uint16 value must be in [0, 65535].
 */
public final class CliOverrides {

    /** Framework property prefix of the OSGi side. */
    public static final String PROPERTY_PREFIX = "daos.cli.";
    /** {@code -p, --port}. */
    public static final String PROP_PORT = PROPERTY_PREFIX + "port";
    /** {@code -s, --storage}. */
    public static final String PROP_STORAGE = PROPERTY_PREFIX + "storage";
    /** {@code -m, --modules}. */
    public static final String PROP_MODULES = PROPERTY_PREFIX + "modules";
    /** {@code -t, --targets}. */
    public static final String PROP_TARGETS = PROPERTY_PREFIX + "targets";
    /** {@code -x, --xshelpernr}. */
    public static final String PROP_XSHELPERNR = PROPERTY_PREFIX + "xshelpernr";
    /** {@code -f, --firstcore}. */
    public static final String PROP_FIRSTCORE = PROPERTY_PREFIX + "firstcore";
    /** {@code -g, --group}. */
    public static final String PROP_GROUP = PROPERTY_PREFIX + "group";
    /** {@code -d, --socket_dir}. */
    public static final String PROP_SOCKET_DIR = PROPERTY_PREFIX + "socket_dir";
    /** {@code -i, --insecure}. */
    public static final String PROP_INSECURE = PROPERTY_PREFIX + "insecure";
    /** {@code --recreate-superblocks}. */
    public static final String PROP_RECREATE_SUPERBLOCKS = PROPERTY_PREFIX + "recreate_superblocks";

    /** No flags given. */
    public static final CliOverrides NONE = builder().build();

    private final Integer port;
    private final String storage;
    private final String modules;
    private final Integer targets;
    private final Integer xsHelperNr;
    private final Integer firstCore;
    private final String group;
    private final String socketDir;
    private final boolean insecure;
    private final boolean recreateSuperblocks;
    private final String hostname;

    private CliOverrides(Builder b) {
        this.port = b.port;
        this.storage = b.storage;
        this.modules = b.modules;
        this.targets = b.targets;
        this.xsHelperNr = b.xsHelperNr;
        this.firstCore = b.firstCore;
        this.group = b.group;
        this.socketDir = b.socketDir;
        this.insecure = b.insecure;
        this.recreateSuperblocks = b.recreateSuperblocks;
        this.hostname = b.hostname;
    }

    /** A new builder (nothing given). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the {@code daos.cli.*} properties through {@code lookup} (e.g. {@code
     * BundleContext::getProperty}); an absent property is a flag not given. Booleans accept
     * {@code true}/{@code false} (empty = true).
     *
     * @throws IllegalArgumentException one line naming the property, e.g. {@code invalid value "x"
     *                                  for daos.cli.port: expected an integer in [0, 65535]}
     */
    public static CliOverrides fromProperties(Function<String, String> lookup) {
        Builder b = builder();
        b.port = uint16(lookup, PROP_PORT);
        b.storage = lookup.apply(PROP_STORAGE);
        b.modules = lookup.apply(PROP_MODULES);
        b.targets = uint16(lookup, PROP_TARGETS);
        b.xsHelperNr = uint16(lookup, PROP_XSHELPERNR);
        b.firstCore = uint16(lookup, PROP_FIRSTCORE);
        b.group = lookup.apply(PROP_GROUP);
        b.socketDir = lookup.apply(PROP_SOCKET_DIR);
        b.insecure = bool(lookup, PROP_INSECURE);
        b.recreateSuperblocks = bool(lookup, PROP_RECREATE_SUPERBLOCKS);
        return b.build();
    }

    private static Integer uint16(Function<String, String> lookup, String prop) {
        String v = lookup.apply(prop);
        if (v == null) {
            return null;
        }
        String t = v.trim();
        if (t.isEmpty() || t.length() > 5 || !t.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(t) > 65535) {
            throw new IllegalArgumentException("invalid value \"" + v + "\" for " + prop
                    + ": expected an integer in [0, 65535]");
        }
        return Integer.parseInt(t);
    }

    private static boolean bool(Function<String, String> lookup, String prop) {
        String v = lookup.apply(prop);
        if (v == null) {
            return false;
        }
        String t = v.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("true")) {
            return true;
        }
        if (t.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException("invalid value \"" + v + "\" for " + prop + ": expected true or false");
    }

    /** {@code -p}, or null. */
    public Integer port() {
        return port;
    }

    /** {@code -s}, or null. */
    public String storage() {
        return storage;
    }

    /** {@code -m}, or null. */
    public String modules() {
        return modules;
    }

    /** {@code -t}, or null. */
    public Integer targets() {
        return targets;
    }

    /** {@code -x}, or null. */
    public Integer xsHelperNr() {
        return xsHelperNr;
    }

    /** {@code -f}, or null. */
    public Integer firstCore() {
        return firstCore;
    }

    /** {@code -g}, or null. */
    public String group() {
        return group;
    }

    /** {@code -d}, or null. */
    public String socketDir() {
        return socketDir;
    }

    /** {@code -i}. */
    public boolean insecure() {
        return insecure;
    }

    /** {@code --recreate-superblocks}. */
    public boolean recreateSuperblocks() {
        return recreateSuperblocks;
    }

    /** Host name to record in every server entry, or null for the local host name. */
    public String hostname() {
        return hostname;
    }

    /** Builder; every setter is optional. */
    public static final class Builder {
        private Integer port;
        private String storage;
        private String modules;
        private Integer targets;
        private Integer xsHelperNr;
        private Integer firstCore;
        private String group;
        private String socketDir;
        private boolean insecure;
        private boolean recreateSuperblocks;
        private String hostname;

        private Builder() {
        }

        private static Integer check(String flag, int v) {
            if (v < 0 || v > 65535) {
                throw new IllegalArgumentException("invalid value " + v + " for " + flag + ": expected uint16");
            }
            return v;
        }

        /** {@code -p}. */
        public Builder port(int v) {
            port = check("--port", v);
            return this;
        }

        /** {@code -s}. */
        public Builder storage(String v) {
            storage = v;
            return this;
        }

        /** {@code -m} (empty counts as given). */
        public Builder modules(String v) {
            modules = v;
            return this;
        }

        /** {@code -t}. */
        public Builder targets(int v) {
            targets = check("--targets", v);
            return this;
        }

        /** {@code -x}. */
        public Builder xsHelperNr(int v) {
            xsHelperNr = check("--xshelpernr", v);
            return this;
        }

        /** {@code -f}. */
        public Builder firstCore(int v) {
            firstCore = check("--firstcore", v);
            return this;
        }

        /** {@code -g}. */
        public Builder group(String v) {
            group = v;
            return this;
        }

        /** {@code -d}. */
        public Builder socketDir(String v) {
            socketDir = v;
            return this;
        }

        /** {@code -i}. */
        public Builder insecure(boolean v) {
            insecure = v;
            return this;
        }

        /** {@code --recreate-superblocks}. */
        public Builder recreateSuperblocks(boolean v) {
            recreateSuperblocks = v;
            return this;
        }

        /** Host name to record (default: the local host name). */
        public Builder hostname(String v) {
            hostname = v;
            return this;
        }

        /** The overrides. */
        public CliOverrides build() {
            return new CliOverrides(this);
        }
    }
}
