package io.daos.control.itest.e2e;

import static io.daos.control.itest.e2e.DmgRunner.UUID;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.daos.control.itest.e2e.DmgRunner.Result;

/**
 * {@code bin/dmg} end to end (issue 15): an administrator's session against one real node (a
 * daos_server of the distribution, two emulated engines, ram SCM of 4 GiB each), each command a
 * child process whose exit status and output are asserted as SPEC-SYSTEM §6 prints them (UUIDs
 * by pattern), several also with {@code -j}, the JSON document parsed back and checked field by
 * field: storage scan and format, the ranks joining, system query (plain, {@code -v},
 * {@code --ranks}), leader-query, pools (create, list, query, set-prop, the four ACL commands,
 * destroy), system stop and start (plain and {@code --force}); bad input answered with the
 * reference's message and exit status 1, never a stack trace; a host that refuses answered fast;
 * {@code completion bash} sourced by bash. What needs no server runs while the server starts.
 * The server's state is waited for with {@code dmg system query} (a loop with a deadline) and
 * its log, never with sleeps.
 */
public class DmgIT {

    private static final long START_MS = 60_000;
    private static final long EVENT_MS = 60_000;
    private static final String ACL_FILE = "A::OWNER@:rw\nA::bob@:r\n# the reviewers\n\nA:G:GROUP@:r\n";

    @ClassRule
    public static final DistRule DIST = new DistRule("e2e-dmg")
            .assuming("needs root: the ram SCM is a tmpfs mount", NodeSupport::isRoot);

    @Rule
    public final WorkRule workRule = new WorkRule(DIST, "e2e-dmg-work");

    private DmgRunner dmg;
    private NodeSupport node;
    private ServerProcess server;
    /** The connection line every command prints first. */
    private String connected;

    @Test(timeout = 600_000)
    public void administratorsSessionWithDmg() throws Exception {
        long t0 = System.nanoTime();
        node = workRule.node(false);
        // 4 GiB of tmpfs per instance (nothing is allocated): room for the pools below
        Files.writeString(node.config(), Files.readString(node.config()).replace("scm_size: 1\n", "scm_size: 4\n"));
        Path yml = workRule.resolve("daos.yml");
        Files.writeString(yml, "name: daos_server\nport: " + node.port + "\nhostlist: [\"localhost:" + node.port
                + "\"]\ntransport_config:\n  allow_insecure: true\n");
        connected = "localhost:" + node.port + ": connected";
        dmg = workRule.closing(new DmgRunner(DIST.dist(), workRule.dir(), "-o", yml.toString()));

        server = workRule.start("start", "-o", node.config().toString());
        var offline = dmg.async(this::withoutServer);
        server.awaitListening(START_MS);
        node.awaitLog(server, 0, l -> l.contains("SCM format required on instance 0"), EVENT_MS);
        DmgRunner.join(offline);
        long up = System.nanoTime();

        formatAndJoin();
        systemQueries();
        pools();
        stopAndStart();
        System.out.printf("[measure] DmgIT: server start %.1f s, dmg session %.1f s%n", (up - t0) / 1e9,
                (System.nanoTime() - up) / 1e9);
    }

    /** Bad command lines (parser, host list, config), a host that refuses, completion: no server needed. */
    private void withoutServer() throws Exception {
        List<List<String>> bad = List.of(List.of("quack"), List.of("system", "quack"),
                List.of("--bogus", "system", "query"), List.of("system", "query", "--rank", "0"),
                List.of("pool", "create"), List.of("pool", "query"),
                List.of("pool", "set-prop", "--pool", "x", "--name", "reclaim"),
                List.of("pool", "create", "-s", "1G", "--nsvc", "x"),
                List.of("-l", "node[5-4]", "system", "query"), List.of("-l", "bad:addr:here", "system", "query"),
                List.of("-l", "1001", "pool", "list"), List.of("-l", "foo:bar", "system", "stop"));
        List<String> want = List.of(
                "Unknown command `quack'. Please specify one command of: network, pool, storage, system or version",
                "Unknown command `quack'. Please specify one command of: leader-query, list-pools, query, start or stop",
                "unknown flag `bogus'", "unknown flag `rank'",
                "the required flag `-s, --scm-size' was not specified", "the required flag `--pool' was not specified",
                "the required flag `-v, --value' was not specified",
                "invalid argument for flag `-v, --nsvc' (expected uint32): strconv.ParseUint: parsing \"x\": "
                        + "invalid syntax",
                "invalid range \"5-4\" (4 < 5)", "address bad:addr:here: too many colons in address",
                "invalid hostname \"1001\"", "invalid port \"bar\"");
        List<Result> results = dmg.all(bad);
        for (int i = 0; i < bad.size(); i++) {
            results.get(i).fails(want.get(i));
            assertEquals(results.get(i).toString(), "", results.get(i).out());
        }
        dmg.bare("-o", workRule.resolve("nowhere.yml").toString(), "system", "query")
                .fails("processing config file: stat " + workRule.resolve("nowhere.yml") + ": no such file or directory");

        // a host that refuses: named with the cause, then no active connections, at once
        int closed = NodeSupport.portBelowEphemeralRange();
        while (closed == node.port) { // the server may not have bound its port yet
            closed = NodeSupport.portBelowEphemeralRange();
        }
        String down = "localhost:" + closed;
        Result refused = dmg.bare("-l", down, "-i", "system", "query");
        assertEquals(refused.toString(), 1, refused.noStackTrace().exit());
        assertEquals(refused.toString(), "ERROR: " + down + ": connection refused\nERROR: dmg: no active connections\n",
                refused.err());
        assertEquals("", refused.out());
        assertTrue("a refused connection took " + refused.ms() + " ms", refused.ms() < 20_000);
        Result refusedJson = dmg.bare("-j", "-l", down, "-i", "pool", "list");
        assertEquals(refusedJson.toString(), 1, refusedJson.exit());
        List<JsonObject> lines = refusedJson.noStackTrace().errJson();
        assertEquals(refusedJson.toString(), 2, lines.size());
        assertEquals("ERROR", lines.get(0).get("level").getAsString());
        assertEquals(down + ": connection refused\n", lines.get(0).get("message").getAsString());
        assertEquals("ERROR", lines.get(1).get("level").getAsString());
        assertEquals("dmg: no active connections", lines.get(1).get("message").getAsString());

        completion();
    }

    /** {@code dmg completion bash} with no usable config, sourced by bash, completes {@code sy}. */
    private void completion() throws Exception {
        Result script = dmg.bare("-o", workRule.resolve("nowhere.yml").toString(), "completion", "bash").ok();
        Path file = workRule.resolve("dmg.bash");
        Files.writeString(file, script.out());
        Result bash = dmg.exec(List.of("bash", "--norc", "--noprofile", "-c", "source \"$0\"; COMP_WORDS=(dmg sy q --r);"
                + " COMP_CWORD=3; _dmg; echo \"${COMPREPLY[*]}\"; COMP_WORDS=(dmg sy); COMP_CWORD=1; _dmg;"
                + " echo \"${COMPREPLY[*]}\"", file.toString()));
        bash.prints("--ranks", "system");
    }

    /** scan and a query before format, format, the ranks join (query loop), format again. */
    private void formatAndJoin() throws Exception {
        Result scan = dmg.run("storage", "scan").ok();
        List<String> l = scan.outLines();
        assertEquals(scan.toString(), 4, l.size());
        assertEquals(connected, l.get(0));
        assertTrue(scan.toString(), l.get(1).matches("Hosts {5}SCM Total +NVMe Total +"));
        assertTrue(scan.toString(), l.get(2).matches("----- {5}-{9} +-{10} +"));
        // no bdev configured; SCM: the modules found, or the error of this machine
        assertTrue(scan.toString(), l.get(3).matches("localhost .+ 0 B \\(0 controllers\\) +"));
        JsonObject host = dmg.run("-j", "storage", "scan").json().getAsJsonArray("hosts").get(0).getAsJsonObject();
        assertEquals("localhost:" + node.port, host.get("address").getAsString());
        JsonObject nvme = host.getAsJsonObject("nvme");
        assertEquals("CTL_SUCCESS", nvme.getAsJsonObject("state").get("status").getAsString());
        assertEquals(0, nvme.getAsJsonArray("controllers").size());
        assertTrue(host.toString(), Set.of("CTL_SUCCESS", "CTL_ERR_SCM")
                .contains(host.getAsJsonObject("scm").getAsJsonObject("state").get("status").getAsString()));

        Result early = dmg.run("system", "query");
        early.fails("System-Query command failed: server: code = 647 description = \"DAOS I/O Server harness not started\"",
                "ERROR: dmg: server: code = 647 resolution = \"retry the operation or check server logs for more details\"");

        dmg.run("storage", "format").prints(connected, "", "localhost: storage format ok", "");
        Map<Integer, JsonObject> members = dmg.awaitState("Started", 2, EVENT_MS);
        assertEquals(Set.of(0, 1), members.keySet());
        node.awaitSetUp(server, 0, EVENT_MS);
        // formatted and running: the host-level error as the reference prints it, but exit 1 (README, section dmg)
        dmg.run("storage", "format").printsThenFails("storage format failed on 1 of 1 hosts: localhost:" + node.port,
                connected, "", "localhost: *ctl.mgmtCtlStorageFormatClient recv() failed: rpc error: code = Unknown desc = "
                + "cannot format storage with running I/O server instances", "");
    }

    private void systemQueries() throws Exception {
        List<Result> r = dmg.all(List.of(List.of("system", "query"), List.of("system", "query", "-v"),
                List.of("-j", "system", "query"), List.of("system", "query", "--ranks", "1"),
                List.of("system", "query", "--ranks", "0,5"), List.of("system", "leader-query"),
                List.of("-j", "system", "leader-query"), List.of("sy", "q", "-r", "x")));
        r.get(0).prints(connected, "Rank    State   ", "----    -----   ", "[0-1] Started ");
        List<String> uuids = new ArrayList<>();
        String addr = "127.0.0.1:" + node.port;
        for (JsonElement e : r.get(2).json().getAsJsonArray("members")) {
            JsonObject m = e.getAsJsonObject();
            assertEquals(m.toString(), uuids.size(), m.get("rank").getAsInt());
            assertTrue(m.toString(), UUID.matcher(m.get("uuid").getAsString()).matches());
            assertEquals(m.toString(), addr, m.get("addr").getAsString());
            assertEquals(m.toString(), "Started", m.get("state").getAsString());
            uuids.add(m.get("uuid").getAsString());
        }
        assertEquals(2, uuids.size());
        r.get(1).prints(connected, "Rank UUID                                 Control Address State   ",
                "---- ----                                 --------------- -----   ",
                "0    " + uuids.get(0) + " " + addr + " Started ", "1    " + uuids.get(1) + " " + addr + " Started ");
        String pad = " ".repeat(uuids.get(1).length() - addr.length());
        r.get(3).prints(connected, "Rank 1", "------", "address : " + addr + pad, "uuid    : " + uuids.get(1),
                "status  : Started" + " ".repeat(uuids.get(1).length() - 7), "reason  : unknown"
                        + " ".repeat(uuids.get(1).length() - 7));
        r.get(4).fails("System-Query command failed: system: code = 424 description = \"system member with given rank "
                + "doesn't exists\"");
        String leader = "localhost:" + node.port;
        r.get(5).prints(connected, "Current Leader: " + leader, "   Replica Set: " + leader);
        JsonObject lq = r.get(6).json();
        assertEquals(leader, lq.get("leader").getAsString());
        assertEquals(List.of(leader), strings(lq, "replicas"));
        r.get(7).fails("parsing input ranklist: invalid range \"x\" (\"x\" is not uint)");
        // -l and -i instead of a config file
        dmg.bare("-l", leader, "-i", "system", "leader-query").prints(connected, "Current Leader: " + leader,
                "   Replica Set: " + leader);
    }

    private void pools() throws Exception {
        dmg.run("pool", "list").prints(connected, "No pools in system");
        assertEquals(0, dmg.run("-j", "pool", "list").json().getAsJsonArray("pools").size());

        String big = dmg.run("pool", "create", "--scm-size", "1G").ok()
                .find("^" + connected + "\nPool-create command SUCCEEDED: UUID: (" + UUID + "), Service replicas: 1\n$");
        // -p in upper case is normalised; --nsvc 2 of one selectable rank (0 is the MS's): one replica
        String named = "8d5b5ffe-47b6-4c64-a6c4-6f0dd2e2b1a7";
        dmg.run("pool", "create", "-s", "100MB", "-p", named.toUpperCase(), "--nsvc", "2", "-u", "alice", "-g", "admins")
                .prints(connected, "Pool-create command SUCCEEDED: UUID: " + named + ", Service replicas: 1");
        JsonObject made = dmg.run("-j", "pool", "create", "-s", "100M").json();
        String third = made.get("uuid").getAsString();
        assertTrue(made.toString(), UUID.matcher(third).matches());
        assertEquals(List.of("1"), strings(made, "svc_replicas"));

        // list: the text rows in the order of the JSON document
        List<String> order = new ArrayList<>();
        for (JsonElement p : dmg.run("-j", "pool", "list").json().getAsJsonArray("pools")) {
            order.add(p.getAsJsonObject().get("uuid").getAsString());
            assertEquals(List.of("1"), strings(p.getAsJsonObject(), "svc_replicas"));
        }
        assertEquals(new TreeSet<>(List.of(big, named, third)), new TreeSet<>(order));
        List<String> table = new ArrayList<>(List.of(connected, "Pool UUID                            Svc Replicas ",
                "---------                            ------------ "));
        order.forEach(u -> table.add(u + " 1            "));
        List<Result> lists = dmg.all(List.of(List.of("pool", "list"), List.of("system", "list-pools")));
        lists.get(0).prints(table.toArray(String[]::new));
        lists.get(1).prints(table.toArray(String[]::new));

        // set-prop and the bad inputs (which change no ACL) while the ACL commands run
        var side = dmg.async(() -> {
            setProp(big);
            badPoolInput(named);
        });
        query(big);
        acls(named);
        DmgRunner.join(side);

        dmg.run("pool", "destroy", "--pool", big).prints(connected, "Pool-destroy command succeeded");
        JsonObject destroyed = dmg.run("-j", "pool", "destroy", "--pool", named).json();
        assertEquals(named, destroyed.get("uuid").getAsString());
        assertTrue(destroyed.get("destroyed").getAsBoolean());
        Result again = dmg.run("pool", "destroy", "--pool", named);
        again.fails("DAOS returned error code: -1005");
        assertEquals(again.toString(), connected + "\nPool-destroy command failed: DAOS returned error code: -1005\n\n",
                again.out());
        dmg.run("p", "d", "--pool", third, "-f").prints(connected, "Pool-destroy command succeeded");
        dmg.run("system", "list-pools").prints(connected, "No pools in system");
    }

    /** 1 GB on each of the two ranks' one target. */
    private void query(String uuid) throws Exception {
        List<Result> r = dmg.all(List.of(List.of("pool", "query", "--pool", uuid),
                List.of("-j", "pool", "query", "--pool", uuid)));
        r.get(0).prints(connected, "Pool " + uuid + ", ntarget=2, disabled=0", "Pool space info:", "- Target(VOS) count:2",
                "- SCM:", "  Total size: 2.0 GB", "  Free: 2.0 GB, min:1000 MB, max:1000 MB, mean:1000 MB", "- NVMe:",
                "  Total size: 0 B", "  Free: 0 B, min:0 B, max:0 B, mean:0 B", "Rebuild idle, 0 objs, 0 recs");
        JsonObject q = r.get(1).json();
        assertEquals(uuid, q.get("uuid").getAsString());
        assertEquals(2, q.get("total_targets").getAsInt());
        assertEquals(2, q.get("active_targets").getAsInt());
        assertEquals(0, q.get("disabled_targets").getAsInt());
        JsonObject scm = q.getAsJsonObject("scm");
        assertEquals(2_000_000_000L, scm.get("total").getAsLong());
        long free = scm.get("free").getAsLong();
        assertTrue(scm.toString(), free > 0 && free <= 2_000_000_000L);
        assertEquals(scm.toString(), free / 2, scm.get("min").getAsLong());
        assertEquals(scm.toString(), free / 2, scm.get("max").getAsLong());
        assertEquals(scm.toString(), free / 2, scm.get("mean").getAsLong());
        assertEquals(0, q.getAsJsonObject("nvme").get("total").getAsLong());
        JsonObject rebuild = q.getAsJsonObject("rebuild");
        assertEquals(0, rebuild.get("status").getAsInt());
        assertEquals("idle", rebuild.get("state").getAsString());
        assertEquals(0, rebuild.get("objects").getAsLong());
        assertEquals(0, rebuild.get("records").getAsLong());
    }

    /** The pool made with -u alice -g admins: the four ACL commands, text and JSON. */
    private void acls(String uuid) throws Exception {
        List<String> owners = List.of("# Owner: alice@", "# Owner Group: admins@", "# Entries:");
        dmg.run("pool", "get-acl", "--pool", uuid).prints(lines(connected, owners, "A::OWNER@:rw", "A:G:GROUP@:rw"));
        dmg.run("pool", "get-acl", "--pool", uuid, "-v").prints(lines(connected, owners, "# Allow::Owner:Read/Write",
                "A::OWNER@:rw", "# Allow:Group:Owner-Group:Read/Write", "A:G:GROUP@:rw"));
        String updated = "Pool-update-ACL command succeeded, UUID: " + uuid;
        dmg.run("pool", "update-acl", "--pool", uuid, "-e", "A::user@:rw")
                .prints(lines(connected, List.of(updated), owners, "A::OWNER@:rw", "A::user@:rw", "A:G:GROUP@:rw"));
        // a principal is u:name@ (or OWNER@, GROUP@, EVERYONE@): the data plane refuses a bare name
        Result bare = dmg.run("pool", "delete-acl", "--pool", uuid, "-p", "user@");
        bare.fails("DAOS returned error code: -1003");
        assertEquals(connected + "\nPool-delete-ACL command failed: DAOS returned error code: -1003\n", bare.out());
        dmg.run("pool", "delete-acl", "--pool", uuid, "-p", "u:user@").prints(lines(connected,
                List.of("Pool-delete-ACL command succeeded, UUID: " + uuid), owners, "A::OWNER@:rw", "A:G:GROUP@:rw"));
        Path acl = workRule.resolve("pool.acl");
        Files.writeString(acl, ACL_FILE);
        dmg.run("pool", "overwrite-acl", "--pool", uuid, "-a", acl.toString()).prints(lines(connected,
                List.of("Pool-overwrite-ACL command succeeded, UUID: " + uuid), owners, "A::OWNER@:rw", "A::bob@:r",
                "A:G:GROUP@:r"));
        JsonObject doc = dmg.run("-j", "pool", "get-acl", "--pool", uuid).json();
        assertEquals(uuid, doc.get("uuid").getAsString());
        assertEquals("alice@", doc.get("owner_user").getAsString());
        assertEquals("admins@", doc.get("owner_group").getAsString());
        assertEquals(List.of("A::OWNER@:rw", "A::bob@:r", "A:G:GROUP@:r"), strings(doc, "entries"));
        assertTrue(doc.toString(), doc.get("outfile").isJsonNull());
        JsonObject upd = dmg.run("-j", "pool", "update-acl", "--pool", uuid, "-e", "A:G:staff@:r").json();
        assertEquals(List.of("A::OWNER@:rw", "A::bob@:r", "A:G:GROUP@:r", "A:G:staff@:r"), strings(upd, "entries"));

        // -o: written to the file, refused over an existing one without -f
        Path out = workRule.resolve("got.acl");
        dmg.run("pool", "get-acl", "--pool", uuid, "-o", out.toString())
                .prints(connected, "Wrote ACL to output file: " + out);
        assertEquals(String.join("\n", owners) + "\nA::OWNER@:rw\nA::bob@:r\nA:G:GROUP@:r\nA:G:staff@:r\n",
                Files.readString(out));
        dmg.run("pool", "get-acl", "--pool", uuid, "-o", out.toString()).fails("file already exists: " + out);
        Files.writeString(out, "old");
        dmg.run("pool", "ga", "--pool", uuid, "-o", out.toString(), "-f").ok();
        assertTrue(Files.readString(out).startsWith("# Owner: alice@\n"));
    }

    private void setProp(String uuid) throws Exception {
        dmg.run("pool", "set-prop", "--pool", uuid, "--name", "reclaim", "--value", "lazy")
                .prints(connected, "pool set-prop succeeded (reclaim=\"lazy\")");
        JsonObject doc = dmg.run("-j", "pool", "set-prop", "--pool", uuid, "-n", "reclaim", "-v", "time").json();
        assertEquals(uuid, doc.get("uuid").getAsString());
        assertEquals("reclaim", doc.get("name").getAsString());
        assertEquals("time", doc.get("value").getAsString());
        // a number is sent as one, which reclaim does not take (SPEC-SYSTEM §7.4 39)
        dmg.run("pool", "set-prop", "--pool", uuid, "--name", "reclaim", "--value", "1").fails("pool set-prop failed: "
                + "PoolSetProp failed: rpc error: code = Unknown desc = unhandled reclaim type \"\"");
    }

    /** Bad sizes, UUID, ACE and ACL file: found after connecting, so with a server. */
    private void badPoolInput(String uuid) throws Exception {
        String missing = workRule.resolve("missing.acl").toString();
        List<Result> r = dmg.all(List.of(List.of("pool", "create", "-s", "1X"), List.of("pool", "create", "-s", "abc"),
                List.of("pool", "create", "-s", "1G", "-p", "not-a-uuid"),
                List.of("pool", "update-acl", "--pool", uuid, "-e", "bogus"),
                List.of("pool", "overwrite-acl", "--pool", uuid, "-a", missing),
                List.of("pool", "create", "-s", "1G", "--nsvc", "14"),
                List.of("pool", "query", "--pool", "not-a-uuid")));
        r.get(0).fails("pool SCM size: unhandled size name: x");
        r.get(1).fails("pool SCM size: strconv.ParseFloat: parsing \"\": invalid syntax");
        r.get(2).fails("bad pool UUID: \"not-a-uuid\": invalid UUID length: 10");
        assertEquals(connected + "\nPool-create command FAILED: bad pool UUID: \"not-a-uuid\": invalid UUID length: 10\n",
                r.get(2).out());
        r.get(3).fails("DAOS returned error code: -1003");
        assertEquals(connected + "\nPool-update-ACL command failed: DAOS returned error code: -1003\n", r.get(3).out());
        r.get(4).fails("opening ACL file: open " + missing + ": no such file or directory");
        r.get(5).fails("max number of service replicas is 13, got 14");
        r.get(6).fails("pool query failed: DAOS returned error code: -1003");
    }

    /** Stop, query Stopped, start, query Started; the same with -j and --force. */
    private void stopAndStart() throws Exception {
        stop(dmg.run("system", "stop"));
        // the query loop saw Stopped; the table says so
        dmg.run("system", "query").prints(connected, "Rank    State   ", "----    -----   ", "[0-1] Stopped ");
        start(() -> dmg.run("system", "start").prints(connected, "Rank    Operation Result ",
                "----    --------- ------ ", "[0-1] start     OK     "));
        dmg.run("system", "query").prints(connected, "Rank    State   ", "----    -----   ", "[0-1] Started ");

        JsonObject stopped = dmg.run("-j", "system", "stop", "--force").json();
        assertResults(stopped, "stop", "Stopped");
        dmg.awaitState("Stopped", 2, EVENT_MS);
        start(() -> assertResults(dmg.run("-j", "system", "start").json(), "start", "Started"));
        stop(dmg.run("sy", "s", "--force"));
    }

    /** A stop's table: OK, or an engine that had not exited when its harness stopped waiting (busy machine). */
    private void stop(Result r) throws Exception {
        String late = "want Stopped, got Started";
        if (r.out().contains(late)) {
            System.out.println("DmgIT: an engine exited late: " + r);
            r.ok();
        } else {
            r.prints(connected, "Rank    Operation Result ", "----    --------- ------ ", "[0-1] stop      OK     ");
        }
        dmg.awaitState("Stopped", 2, EVENT_MS);
    }

    /** {@code call} starts the system; then both ranks Started (query loop) and their start sequence done (log). */
    private void start(DmgRunner.Step call) throws Exception {
        int mark = node.logLines();
        call.run();
        dmg.awaitState("Started", 2, EVENT_MS);
        node.awaitSetUp(server, mark, EVENT_MS);
    }

    private static void assertResults(JsonObject doc, String action, String state) {
        Set<Integer> ranks = new TreeSet<>();
        for (JsonElement e : doc.getAsJsonArray("results")) {
            JsonObject r = e.getAsJsonObject();
            ranks.add(r.get("rank").getAsInt());
            assertEquals(r.toString(), action, r.get("action").getAsString());
            assertEquals(r.toString(), "OK", r.get("result").getAsString());
            assertEquals(r.toString(), false, r.get("errored").getAsBoolean());
            assertEquals(r.toString(), "", r.get("msg").getAsString());
            assertEquals(r.toString(), state, r.get("state").getAsString());
        }
        assertEquals(doc.toString(), Set.of(0, 1), ranks);
    }

    private static List<String> strings(JsonObject o, String field) {
        List<String> out = new ArrayList<>();
        o.getAsJsonArray(field).forEach(e -> out.add(e.getAsString()));
        return out;
    }

    private static String[] lines(String first, List<String> middle, String... last) {
        return lines(first, List.of(), middle, last);
    }

    private static String[] lines(String first, List<String> a, List<String> b, String... last) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(a);
        all.addAll(b);
        all.addAll(List.of(last));
        return all.toArray(String[]::new);
    }
}
