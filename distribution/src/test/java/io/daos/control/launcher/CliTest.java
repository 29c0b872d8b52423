package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;

import org.junit.Test;

public class CliTest {

    private static Cli.Invocation parse(String... args) throws Cli.UsageException {
        return Cli.parse(args);
    }

    private static String error(String... args) {
        try {
            Cli.parse(args);
        } catch (Cli.UsageException e) {
            return e.getMessage();
        }
        fail("expected a usage error for " + List.of(args));
        return null;
    }

    @Test
    public void startFlagsBecomeExactlyTheGivenCliProperties() throws Exception {
        Cli.Invocation inv = parse("start", "-p", "10002", "-s", "/mnt/x", "-m", "", "-t", "0", "-x", "0",
                "-f", "3", "-g", "grp", "-d", "/tmp/s", "-i", "--recreate-superblocks");
        assertEquals("start", inv.command());
        Map<String, String> p = inv.properties();
        assertEquals("10002", p.get("daos.cli.port"));
        assertEquals("/mnt/x", p.get("daos.cli.storage"));
        assertEquals("", p.get("daos.cli.modules"));
        assertEquals("0", p.get("daos.cli.targets"));
        assertEquals("0", p.get("daos.cli.xshelpernr"));
        assertEquals("3", p.get("daos.cli.firstcore"));
        assertEquals("grp", p.get("daos.cli.group"));
        assertEquals("/tmp/s", p.get("daos.cli.socket_dir"));
        assertEquals("true", p.get("daos.cli.insecure"));
        assertEquals("true", p.get("daos.cli.recreate_superblocks"));
        assertEquals(10, p.size());
    }

    @Test
    public void flagsNotGivenAreAbsent() throws Exception {
        Cli.Invocation inv = parse("start");
        assertTrue(inv.properties().isEmpty());
        assertEquals(null, inv.configPath());
    }

    @Test
    public void longFormsAttachedValuesAndClusters() throws Exception {
        Cli.Invocation inv = parse("-bj", "--config=/etc/d.yml", "start", "--port=7", "-t12", "--group", "g");
        assertEquals("/etc/d.yml", inv.configPath());
        assertTrue(inv.flag("debug"));
        assertTrue(inv.flag("json"));
        assertEquals("7", inv.properties().get("daos.cli.port"));
        assertEquals("12", inv.properties().get("daos.cli.targets"));
        assertEquals("g", inv.properties().get("daos.cli.group"));
        assertEquals("true", inv.properties().get("daos.cli.debug"));
    }

    @Test
    public void globalOptionsAreAcceptedAfterTheSubcommand() throws Exception {
        Cli.Invocation inv = parse("start", "-o", "x.yml", "--allow-proxy", "--syslog");
        assertEquals("x.yml", inv.configPath());
        assertTrue(inv.flag("allow-proxy"));
        assertTrue(inv.flag("syslog"));
        assertFalse(inv.flag("debug"));
    }

    @Test
    public void subcommandOptionsAreNotAcceptedBeforeTheSubcommand() {
        assertEquals("unknown flag `p'", error("-p", "1", "start"));
    }

    @Test
    public void subcommandsAndAliases() throws Exception {
        assertEquals("version", parse("version").command());
        assertEquals("storage scan", parse("storage", "scan").command());
        assertEquals("storage prepare", parse("storage", "p", "-n", "-f").command());
        assertEquals("network scan", parse("network", "scan", "-a").command());
        assertEquals("network list", parse("network", "list").command());
    }

    @Test
    public void inventoryOptionsByLongName() throws Exception {
        assertEquals(Map.of("verbose", "true"), parse("storage", "scan", "-v").globals());
        assertEquals(Map.of("nvme-only", "true", "reset", "true", "force", "true", "pci-whitelist",
                "0000:81:00.0 0000:82:00.0", "hugepages", "512", "target-user", "daos"),
                parse("storage", "prepare", "-nf", "--reset", "-w", "0000:81:00.0 0000:82:00.0", "-p512",
                        "--target-user=daos").globals());
        Cli.Invocation n = parse("-o", "x.yml", "network", "scan", "-p", "ofi+tcp;ofi_rxm", "-a", "eth0");
        assertEquals(Map.of("config", "x.yml", "provider", "ofi+tcp;ofi_rxm", "all", "true"), n.globals());
        assertEquals(List.of("eth0"), n.args());
        assertEquals("unknown flag `v'", error("storage", "prepare", "-v"));
    }

    @Test
    public void referenceErrorTexts() {
        assertEquals("Please specify one command of: network, start, storage or version", error());
        assertEquals("Please specify one command of: prepare or scan", error("storage"));
        assertEquals("Please specify one command of: list or scan", error("network"));
        assertEquals("Unknown command `x'. Please specify one command of: network, start, storage or version",
                error("x"));
        assertEquals("Unknown command `strat', did you mean `start'?", error("strat"));
        assertEquals("unknown flag `z'", error("start", "-z"));
        assertEquals("unknown flag `bogus'", error("start", "--bogus"));
        assertEquals("expected argument for flag `-p, --port'", error("start", "-p"));
        assertEquals("expected argument for flag `-o, --config', but got option `-b'", error("-o", "-b", "start"));
        assertEquals("invalid argument for flag `-p, --port' (expected uint16): strconv.ParseUint: parsing \"abc\": invalid syntax",
                error("start", "-p", "abc"));
        assertEquals("invalid argument for flag `-t, --targets' (expected uint16): strconv.ParseUint: parsing \"70000\": value out of range",
                error("start", "-t", "70000"));
        assertEquals("bool flag `-i, --insecure' cannot have an argument", error("start", "--insecure=true"));
    }

    @Test
    public void helpIsUsageAsAnError() {
        String u = error("-h");
        assertTrue(u, u.startsWith("Usage:\n  daos_server [OPTIONS] <command>"));
        assertTrue(u, u.contains("-o, --config="));
        assertTrue(u, u.contains("  version"));
        String s = error("start", "--help");
        assertTrue(s, s.contains("[start command options]"));
        assertTrue(s, s.contains("--recreate-superblocks"));
    }

    @Test
    public void doubleDashEndsOptions() throws Exception {
        Cli.Invocation inv = parse("start", "--", "-p");
        assertEquals(List.of("-p"), inv.args());
        assertTrue(inv.properties().isEmpty());
    }
}
