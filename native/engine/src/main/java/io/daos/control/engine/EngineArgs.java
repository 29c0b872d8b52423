package io.daos.control.engine;

import java.util.List;

/**
 * The command line of daos_io_server (SPEC-SERVER 1.7), getopt style: short options with the
 * value attached or separate ({@code -t4}, {@code -t 4}), long options with {@code =} or separate
 * ({@code --targets=4}, {@code --targets 4}), {@code --} ends the options. Defaults are the real
 * server's: modules "vos,rdb,rsvc,security,mgmt,dtx,pool,cont,obj,rebuild", group "daos_server",
 * socket dir "/var/run/daos_server", storage "/mnt/daos", targets 0 (= all cores).
 */
public final class EngineArgs {
    /** A usage error: the message is printed with the usage text, exit status 1. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String msg) {
            super(msg);
        }
    }

    /** Thrown for -h/--help. */
    public static final class HelpRequested extends Exception {
        private static final long serialVersionUID = 1L;
    }

    public String modules = "vos,rdb,rsvc,security,mgmt,dtx,pool,cont,obj,rebuild";
    public int targets;
    public int helpers = 2;
    public int firstCore;
    public String group = "daos_server";
    public String socketDir = "/var/run/daos_server";
    public String storage = "/mnt/daos";
    public String nvmeConf;
    public int shmId;
    public int memSizeMb;
    public int numaNode = -1;
    public int instanceIdx;
    public String attachInfo;
    public boolean bypassHealthCheck;

    private record Opt(char shortName, String longName, boolean hasArg) {
    }

    private static final List<Opt> OPTS = List.of(
            new Opt('m', "modules", true),
            new Opt('c', "cores", true),
            new Opt('t', "targets", true),
            new Opt('x', "xshelpernr", true),
            new Opt('f', "firstcore", true),
            new Opt('g', "group", true),
            new Opt('d', "socket_dir", true),
            new Opt('s', "storage", true),
            new Opt('n', "nvme", true),
            new Opt('i', "shm_id", true),
            new Opt('r', "mem_size", true),
            new Opt('p', "pinned_numa_node", true),
            new Opt('I', "instance_idx", true),
            new Opt('a', "attach_info", true),
            new Opt('b', "bypass_health_chk", false),
            new Opt('h', "help", false));

    public static final String USAGE = String.join("\n",
            "Usage: daos_io_server [OPTIONS]",
            "Options:",
            "  --modules=modules, -m modules    List of server modules to load",
            "  --cores=ncores, -c ncores        Number of targets (deprecated, use -t)",
            "  --targets=ntgts, -t ntgts        Number of targets to use (default: all cores)",
            "  --xshelpernr=nr, -x nr           Number of helper XS per VOS target (default 2)",
            "  --firstcore=idx, -f idx          Index of first core for service thread (default 0)",
            "  --group=group, -g group          Server group name (default \"daos_server\")",
            "  --storage=path, -s path          Storage path (default \"/mnt/daos\")",
            "  --socket_dir=dir, -d dir         Directory of the dRPC sockets (default \"/var/run/daos_server\")",
            "  --nvme=config, -n config         NVMe config file (default none)",
            "  --shm_id=id, -i id               Shared memory id for SPDK multi-process",
            "  --mem_size=mb, -r mb             Hugepage memory for SPDK, MB (default 0)",
            "  --pinned_numa_node=n, -p n       Bind to NUMA node n",
            "  --instance_idx=idx, -I idx       Instance index of this I/O server (default 0)",
            "  --attach_info=path, -a path      Attach info path (ignored by the emulator)",
            "  --bypass_health_chk, -b          Skip the NVMe health check",
            "  --help, -h                       Print this description",
            "");

    /** Parses {@code argv}. */
    public static EngineArgs parse(String[] argv) throws UsageException, HelpRequested {
        EngineArgs a = new EngineArgs();
        int i = 0;
        while (i < argv.length) {
            String arg = argv[i++];
            if (arg.equals("--")) {
                break;
            }
            Opt opt;
            String value = null;
            if (arg.startsWith("--")) {
                String name = arg.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                opt = byLong(name);
                if (opt == null) {
                    throw new UsageException("unrecognized option '--" + name + "'");
                }
                if (!opt.hasArg && value != null) {
                    throw new UsageException("option '--" + name + "' doesn't allow an argument");
                }
                if (opt.hasArg && value == null) {
                    if (i >= argv.length) {
                        throw new UsageException("option '--" + name + "' requires an argument");
                    }
                    value = argv[i++];
                }
                a.apply(opt, value);
            } else if (arg.startsWith("-") && arg.length() > 1) {
                // a cluster of short options, the last one may take the rest or the next word
                for (int k = 1; k < arg.length(); k++) {
                    char c = arg.charAt(k);
                    opt = byShort(c);
                    if (opt == null) {
                        throw new UsageException("invalid option -- '" + c + "'");
                    }
                    if (opt.hasArg) {
                        if (k + 1 < arg.length()) {
                            value = arg.substring(k + 1);
                        } else if (i < argv.length) {
                            value = argv[i++];
                        } else {
                            throw new UsageException("option requires an argument -- '" + c + "'");
                        }
                        a.apply(opt, value);
                        break;
                    }
                    a.apply(opt, null);
                }
            } else {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
        }
        if (i < argv.length) {
            throw new UsageException("unexpected argument '" + argv[i] + "'");
        }
        return a;
    }

    private void apply(Opt o, String v) throws UsageException, HelpRequested {
        switch (o.shortName) {
            case 'm' -> modules = nonEmpty(o, v);
            case 'c', 't' -> targets = num(o, v, 0, 1 << 16);
            case 'x' -> helpers = num(o, v, 0, 1 << 10);
            case 'f' -> firstCore = num(o, v, 0, 1 << 16);
            case 'g' -> {
                group = nonEmpty(o, v);
                if (group.length() > 15) {
                    throw new UsageException("group name '" + group + "' is longer than 15 characters");
                }
            }
            case 'd' -> socketDir = nonEmpty(o, v);
            case 's' -> storage = nonEmpty(o, v);
            case 'n' -> nvmeConf = nonEmpty(o, v);
            case 'i' -> shmId = num(o, v, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case 'r' -> memSizeMb = num(o, v, 0, Integer.MAX_VALUE);
            case 'p' -> numaNode = num(o, v, 0, 1 << 10);
            case 'I' -> instanceIdx = num(o, v, 0, Integer.MAX_VALUE);
            case 'a' -> attachInfo = v;
            case 'b' -> bypassHealthCheck = true;
            case 'h' -> throw new HelpRequested();
            default -> throw new IllegalStateException("unhandled option " + o.shortName);
        }
    }

    private static String nonEmpty(Opt o, String v) throws UsageException {
        if (v.isEmpty()) {
            throw new UsageException("empty value for -" + o.shortName + " (--" + o.longName + ")");
        }
        return v;
    }

    private static int num(Opt o, String v, int min, int max) throws UsageException {
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("invalid value '" + v + "' for -" + o.shortName + " (--" + o.longName
                    + "): not a number");
        }
        if (n < min || n > max) {
            throw new UsageException("invalid value '" + v + "' for -" + o.shortName + " (--" + o.longName
                    + "): out of range [" + min + ", " + max + "]");
        }
        return (int) n;
    }

    private static Opt byShort(char c) {
        for (Opt o : OPTS) {
            if (o.shortName == c) {
                return o;
            }
        }
        return null;
    }

    private static Opt byLong(String n) {
        for (Opt o : OPTS) {
            if (o.longName.equals(n)) {
                return o;
            }
        }
        return null;
    }
}
