package io.daos.control.dmg.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import io.daos.control.api.system.RankSet;

public class ArgParserTest {

    private static Invocation parse(String... args) throws UsageException {
        return ArgParser.dmg().parse(args);
    }

    private static String error(String... args) {
        return assertThrows(UsageException.class, () -> parse(args)).getMessage();
    }

    @Test
    public void noCommandListsTheTopLevelCommandsAlphabetically() {
        assertEquals("Please specify one command of: network, pool, storage, system or version", error());
        assertEquals("Please specify one command of: network, pool, storage, system or version", error("-i"));
    }

    @Test
    public void unknownCommandAtEachLevel() {
        assertEquals("Unknown command `quack'. Please specify one command of: leader-query, list-pools, query, "
                + "start or stop", error("system", "quack"));
        assertEquals("Unknown command `x'. Please specify one command of: network, pool, storage, system or version",
                error("x"));
    }

    @Test
    public void unknownCommandCloseToOneIsGuessedLikeGoFlags() {
        assertEquals("Unknown command `quer', did you mean `query'?", error("system", "quer"));
    }

    @Test
    public void missingSubcommand() {
        assertEquals("Please specify one command of: create, delete-acl, destroy, get-acl, list, overwrite-acl, "
                + "query, set-prop or update-acl", error("pool"));
        assertEquals("Please specify the nvme-faulty command", error("storage", "set"));
    }

    @Test
    public void unknownFlagNamesItWithoutDashes() {
        assertEquals("unknown flag `rank'", error("system", "query", "--rank", "0"));
        assertEquals("unknown flag `x'", error("system", "query", "-x"));
        assertEquals("unknown flag `bogus'", error("--bogus=1", "version"));
    }

    @Test
    public void expectedArgument() {
        assertEquals("expected argument for flag `-s, --scm-size'", error("pool", "create", "-s"));
        assertEquals("expected argument for flag `-s, --scm-size'", error("pool", "create", "--scm-size"));
        assertEquals("expected argument for flag `-s, --scm-size', but got option `-v'",
                error("pool", "create", "-s", "-v", "2"));
    }

    @Test
    public void requiredFlags() {
        assertEquals("the required flag `-s, --scm-size' was not specified", error("pool", "create"));
        assertEquals("the required flag `--pool' was not specified", error("pool", "query"));
        assertEquals("the required flags `--pool', `-n, --name' and `-v, --value' were not specified",
                error("pool", "set-prop"));
        assertEquals("the required flag `-v, --value' was not specified",
                error("pool", "set-prop", "--pool", "p", "--name", "answer"));
    }

    @Test
    public void invalidUint32() {
        assertEquals("invalid argument for flag `-v, --nsvc' (expected uint32): strconv.ParseUint: parsing \"x\": "
                + "invalid syntax", error("pool", "create", "-s", "1G", "--nsvc", "x"));
        assertEquals("invalid argument for flag `-v, --nsvc' (expected uint32): strconv.ParseUint: parsing "
                + "\"4294967296\": value out of range", error("pool", "create", "-s", "1G", "-v4294967296"));
        assertEquals("invalid argument for flag `-v, --nsvc' (expected uint32): strconv.ParseUint: parsing \"-1\": "
                + "invalid syntax", error("pool", "create", "-s", "1G", "--nsvc=-1"));
    }

    @Test
    public void invalidIntAcceptsASignedNumberAsTheNextArgument() throws Exception {
        assertEquals("invalid argument for flag `-p, --hugepages' (expected int): strconv.ParseInt: parsing "
                + "\"many\": invalid syntax", error("storage", "prepare", "-p", "many"));
        assertEquals(-5L, parse("storage", "prepare", "-p", "-5").number("hugepages"));
    }

    @Test
    public void defaultsAndTypedValues() throws Exception {
        Invocation inv = parse("pool", "create", "--scm-size", "512GiB");
        assertEquals(List.of("pool", "create"), inv.path());
        assertEquals("512GiB", inv.string("scm-size"));
        assertEquals(1L, inv.number("nsvc"));
        assertEquals("daos_server", inv.string("sys"));
        assertNull(inv.string("nvme-size"));
        assertEquals("", inv.stringOrEmpty("user"));
        inv = parse("pool", "create", "-s", "1G", "--nsvc", "3", "-Sfnord");
        assertEquals(3L, inv.number("nsvc"));
        assertEquals("fnord", inv.string("sys"));
    }

    @Test
    public void longEqualsShortAttachedAndShortEquals() throws Exception {
        assertEquals("1G", parse("pool", "create", "--scm-size=1G").string("scm-size"));
        assertEquals("1G", parse("pool", "create", "-s1G").string("scm-size"));
        assertEquals("1G", parse("pool", "create", "-s=1G").string("scm-size"));
        assertEquals("", parse("pool", "create", "--scm-size=").string("scm-size"));
    }

    @Test
    public void boolFlagWithArgumentIsRejected() {
        assertEquals("bool flag `-v, --verbose' cannot have an argument", error("system", "query", "--verbose=1"));
    }

    @Test
    public void aliasesAndTheLaterDeclaredAliasWins() throws Exception {
        assertEquals(List.of("system", "query"), parse("sy", "q").path());
        assertEquals(List.of("storage", "set", "nvme-faulty"), parse("storage", "s", "n", "-u", "x").path());
        assertEquals(List.of("storage", "scan"), parse("st", "scan").path());
        assertEquals(List.of("storage", "query", "smd"), parse("st", "q", "s").path());
        assertEquals(List.of("pool", "get-acl"), parse("p", "ga", "--pool", "x").path());
        assertEquals(List.of("system", "start"), parse("system", "r").path());
    }

    @Test
    public void globalOptionsBeforeAndAfterTheCommand() throws Exception {
        Invocation inv = parse("-dj", "-l", "node[1-2]", "system", "query", "-i", "--allow-proxy", "-o/x.yml");
        GlobalOptions g = inv.globals();
        assertTrue(g.debug());
        assertTrue(g.json());
        assertTrue(g.insecure());
        assertTrue(g.allowProxy());
        assertEquals("node[1-2]", g.hostList());
        assertEquals("/x.yml", g.configPath());
        assertNull(g.hostFile());
    }

    @Test
    public void aCommandFlagShadowsTheGlobalFlagOfTheSameLetter() throws Exception {
        Invocation inv = parse("pool", "get-acl", "--pool", "p", "-o", "out.txt", "-f");
        assertEquals("out.txt", inv.string("outfile"));
        assertTrue(inv.bool("force"));
        assertNull(inv.globals().configPath());
        assertNull(inv.globals().hostFile());
        assertEquals("hosts", parse("-f", "hosts", "pool", "list").globals().hostFile());
    }

    @Test
    public void extraPositionalArgumentsAreKeptAndIgnored() throws Exception {
        Invocation inv = parse("network", "scan", "extra", "more");
        assertEquals(List.of("network", "scan"), inv.path());
        assertEquals(List.of("extra", "more"), inv.args());
        assertEquals(List.of("-v"), parse("version", "--", "-v").args());
    }

    @Test
    public void rankListsAcceptRanges() throws Exception {
        assertEquals(RankSet.ofValues(0, 1, 2, 3, 5), parse("system", "query", "--ranks", "0-3,5").ranks("ranks"));
        assertEquals(RankSet.EMPTY, parse("system", "query").ranks("ranks"));
    }

    @Test
    public void quotedArgumentsAreUnquotedLikeGoFlags() throws Exception {
        assertEquals("a b", parse("pool", "create", "-s", "\"a b\"").string("scm-size"));
        assertEquals("invalid argument for flag `-s, --scm-size' (expected string): invalid syntax",
                error("pool", "create", "-s", "\"abc"));
    }

    @Test
    public void helpIsTheUsageTextOfTheCurrentCommand() {
        UsageException e = assertThrows(UsageException.class, () -> parse("pool", "create", "-h"));
        assertTrue(e.isHelp());
        assertTrue(e.getMessage(), e.getMessage().startsWith("Usage:\n  dmg pool create [OPTIONS]\n"));
        assertTrue(e.getMessage(), e.getMessage().contains("  -s, --scm-size=\n"));
        assertTrue(e.getMessage(), e.getMessage().contains("  -v, --nsvc= (default: 1)\n"));
        UsageException top = assertThrows(UsageException.class, () -> parse("--help"));
        assertTrue(top.getMessage(), top.getMessage().contains("  system   Perform distributed tasks"));
        assertFalse(assertThrows(UsageException.class, () -> parse("pool")).isHelp());
    }

    @Test
    public void everyLeafOfTheTreeParses() throws Exception {
        String[][] leaves = {
            {"network", "scan", "-p", "ofi+sockets", "-a"}, {"network", "list"},
            {"pool", "destroy", "--pool", "u", "-f"}, {"pool", "list"}, {"pool", "query", "--pool", "u"},
            {"pool", "overwrite-acl", "--pool", "u", "-a", "f"}, {"pool", "update-acl", "--pool", "u", "-e", "A::x@:r"},
            {"pool", "delete-acl", "--pool", "u", "-p", "OWNER@"},
            {"storage", "prepare", "-w", "0000:81:00.0", "-u", "me", "-n", "-s", "--reset", "-f"},
            {"storage", "scan", "-v"}, {"storage", "format", "-v", "--reformat"},
            {"storage", "query", "nvme-health"}, {"storage", "query", "blobstore-health", "-u", "d", "-t", "1"},
            {"storage", "query", "smd", "-d", "-p"}, {"storage", "query", "device-state", "-u", "d"},
            {"system", "stop", "--force"}, {"system", "leader-query"}, {"system", "list-pools"}, {"version"},
        };
        for (String[] leaf : leaves) {
            Invocation inv = parse(leaf);
            assertEquals(leaf[0], inv.path().get(0));
        }
    }
}
