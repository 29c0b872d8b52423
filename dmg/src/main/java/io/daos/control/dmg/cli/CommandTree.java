package io.daos.control.dmg.cli;

import static io.daos.control.dmg.cli.FlagSpec.Type.BOOL;
import static io.daos.control.dmg.cli.FlagSpec.Type.INT;
import static io.daos.control.dmg.cli.FlagSpec.Type.STRING;
import static io.daos.control.dmg.cli.FlagSpec.Type.UINT32;

/**
 * Every command, flag, default and alias of the v1.0 {@code dmg} (SPEC-SYSTEM §6.1, §6.6), in
 * the reference's declaration order, which decides shared aliases ({@code storage s} is
 * {@code set}), and our {@code completion bash} as an {@linkplain CommandNode#extension
 * extension}. Built on each call: a few dozen small objects, no reflection.
 */
public final class CommandTree {

    /** The name of the {@code --pool} flag most pool commands require. */
    private static final String POOL = "pool";

    private CommandTree() {
    }

    /** The root: global options and the top-level commands. */
    public static CommandNode root() {
        CommandNode root = new CommandNode("dmg", "the DAOS management tool")
                .flag('\0', "allow-proxy", BOOL)
                .flag('l', "host-list", STRING)
                .flag('i', "insecure", BOOL)
                .flag('d', "debug", BOOL)
                .flag('j', "json", BOOL)
                .flag('f', "host-file", STRING)
                .flag('o', "config-path", STRING)
                .flag('h', "help", BOOL);
        network(root.child("network", "Perform tasks related to network devices attached to remote servers", "n"));
        pool(root.child("pool", "Perform tasks related to DAOS pools", "p"));
        storage(root.child("storage", "Perform tasks related to storage attached to remote servers", "st"));
        system(root.child("system", "Perform distributed tasks related to DAOS system", "sy"));
        root.leaf("version", "Print dmg version");
        root.extension("completion", "Print a shell completion script for dmg (not in the reference)")
                .child("bash", "The bash completion script: source <(dmg completion bash)");
        return root;
    }

    private static void network(CommandNode n) {
        n.child("scan", "Scan for network interface devices on remote servers")
                .flag('p', "provider", STRING)
                .flag('a', "all", BOOL);
        n.leaf("list", "List all known OFI providers that are understood by 'scan'");
    }

    private static void pool(CommandNode p) {
        p.child("create", "Create a DAOS pool", "c")
                .flag('g', "group", STRING)
                .flag('u', "user", STRING)
                .flag('a', "acl-file", STRING)
                .required('s', "scm-size", STRING)
                .flag('n', "nvme-size", STRING)
                .flag('r', "ranks", STRING)
                .flag('v', "nsvc", UINT32, "1")
                .flag('S', "sys", STRING, "daos_server")
                .flag('p', POOL, STRING);
        p.child("destroy", "Destroy a DAOS pool", "d")
                .required('\0', POOL, STRING)
                .flag('f', "force", BOOL);
        p.leaf("list", "List DAOS pools", "l");
        p.child("query", "Query a DAOS pool", "q")
                .required('\0', POOL, STRING);
        p.child("set-prop", "Set pool property", "sp")
                .required('\0', POOL, STRING)
                .required('n', "name", STRING)
                .required('v', "value", STRING);
        p.child("get-acl", "Get a DAOS pool's Access Control List", "ga")
                .required('\0', POOL, STRING)
                .flag('o', "outfile", STRING)
                .flag('f', "force", BOOL)
                .flag('v', "verbose", BOOL);
        p.child("overwrite-acl", "Overwrite a DAOS pool's Access Control List", "oa")
                .required('\0', POOL, STRING)
                .required('a', "acl-file", STRING);
        p.child("update-acl", "Update entries in a DAOS pool's Access Control List", "ua")
                .required('\0', POOL, STRING)
                .flag('a', "acl-file", STRING)
                .flag('e', "entry", STRING);
        p.child("delete-acl", "Delete an entry from a DAOS pool's Access Control List", "da")
                .required('\0', POOL, STRING)
                .required('p', "principal", STRING);
    }

    private static void storage(CommandNode s) {
        s.child("prepare", "Prepare SCM and NVMe storage attached to remote servers.", "p")
                .flag('w', "pci-whitelist", STRING)
                .flag('p', "hugepages", INT)
                .flag('u', "target-user", STRING)
                .flag('n', "nvme-only", BOOL)
                .flag('s', "scm-only", BOOL)
                .flag('\0', "reset", BOOL)
                .flag('f', "force", BOOL);
        s.child("scan", "Scan SCM and NVMe storage attached to remote servers.", "s")
                .flag('v', "verbose", BOOL);
        s.child("format", "Format SCM and NVMe storage attached to remote servers.", "f")
                .flag('v', "verbose", BOOL)
                .flag('\0', "reformat", BOOL);
        CommandNode q = s.child("query", "Query storage commands, including raw NVMe SSD device health stats "
                + "and internal blobstore health info.", "q");
        q.leaf("nvme-health", "Query raw NVMe SSD health", "n");
        q.child("blobstore-health", "Query internal blobstore health data", "b")
                .flag('u', "devuuid", STRING)
                .flag('t', "tgtid", STRING);
        q.child("smd", "Query per-server metadata", "s")
                .flag('d', "devices", BOOL)
                .flag('p', "pools", BOOL);
        q.child("device-state", "Query the device state", "d")
                .required('u', "devuuid", STRING);
        s.child("set", "Manually set the device state.", "s")
                .child("nvme-faulty", "Manually set the device state to FAULTY.", "n")
                .required('u', "devuuid", STRING);
    }

    private static void system(CommandNode s) {
        s.child("query", "Query DAOS system status", "q")
                .flag('r', "ranks", STRING)
                .flag('v', "verbose", BOOL);
        s.child("stop", "Perform controlled shutdown of DAOS system", "s")
                .flag('\0', "force", BOOL);
        s.leaf("start", "Perform start of stopped DAOS system", "r");
        s.leaf("leader-query", "Query for current Management Service leader", "l");
        s.leaf("list-pools", "List all pools in the DAOS system", "p");
    }
}
