package io.daos.control.dmg.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.config.TransportConfig;

/**
 * {@code dmg completion bash}: the script's structure as generated from the command tree, and the
 * script run for real by bash (sourced, {@code _dmg} called with {@code COMP_WORDS} and
 * {@code COMP_CWORD} set as bash sets them, {@code COMPREPLY} read back).
 */
public class CompletionTest {

    private static final List<String> GLOBALS = List.of("--allow-proxy", "-l", "--host-list", "-i", "--insecure",
            "-d", "--debug", "-j", "--json", "-f", "--host-file", "-o", "--config-path", "-h", "--help");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static String script() {
        return BashCompletion.script(Completion.specs(CommandTree.root()));
    }

    // --- what is generated ---

    @Test
    public void oneSpecPerCommandPathWithNamesNotAliases() {
        List<Completion.Spec> specs = Completion.specs(CommandTree.root());
        List<String> paths = new ArrayList<>();
        specs.forEach(s -> paths.add(s.path()));
        assertEquals(List.of("", "network", "network scan", "network list", "pool", "pool create", "pool destroy",
                "pool list", "pool query", "pool set-prop", "pool get-acl", "pool overwrite-acl", "pool update-acl",
                "pool delete-acl", "storage", "storage prepare", "storage scan", "storage format", "storage query",
                "storage query nvme-health", "storage query blobstore-health", "storage query smd",
                "storage query device-state", "storage set", "storage set nvme-faulty", "system", "system query",
                "system stop", "system start", "system leader-query", "system list-pools", "version", "completion",
                "completion bash"), paths);
        Completion.Spec root = specs.get(0);
        assertEquals(List.of("network", "pool", "storage", "system", "version", "completion"), root.commands());
        assertEquals(GLOBALS, root.options());
        assertEquals("network", root.selects().get("n"));
        // storage s: the later declaration (set) wins, as in the parser
        Completion.Spec storage = spec(specs, "storage");
        assertEquals("set", storage.selects().get("s"));
        assertEquals("scan", storage.selects().get("scan"));
        assertEquals(List.of("prepare", "scan", "format", "query", "set"), storage.commands());
    }

    @Test
    public void innermostOptionWinsAndFileOptionsAreMarked() {
        List<Completion.Spec> specs = Completion.specs(CommandTree.root());
        Completion.Spec getAcl = spec(specs, "pool get-acl");
        // -o is --outfile here, -f is --force: the global -o/-f are offered by long name only
        assertEquals(List.of("--pool", "-o", "--outfile", "-f", "--force", "-v", "--verbose", "--allow-proxy", "-l",
                "--host-list", "-i", "--insecure", "-d", "--debug", "-j", "--json", "--host-file", "--config-path",
                "-h", "--help"), getAcl.options());
        assertEquals(List.of("--pool", "-o", "--outfile", "-l", "--host-list", "--host-file", "--config-path"),
                List.copyOf(getAcl.values()));
        assertEquals(List.of("-o", "--outfile", "--host-file", "--config-path"), List.copyOf(getAcl.files()));
        Completion.Spec create = spec(specs, "pool create");
        assertTrue(create.files().containsAll(List.of("-a", "--acl-file", "-o", "--config-path", "-f", "--host-file")));
        assertFalse(create.files().contains("-s"));
        Completion.Spec destroy = spec(specs, "pool destroy");
        assertFalse("-f is a switch in pool destroy", destroy.values().contains("-f"));
    }

    /** Each file option exists, and every text option named like a file or a path is one. */
    @Test
    public void fileOptionsMatchTheTree() {
        TreeSet<String> fileLike = new TreeSet<>();
        TreeSet<String> declared = new TreeSet<>();
        collect(CommandTree.root(), fileLike, declared);
        assertEquals(new TreeSet<>(Completion.FILE_FLAGS), fileLike);
        assertTrue(declared.containsAll(Completion.FILE_FLAGS));
    }

    private static void collect(CommandNode n, TreeSet<String> fileLike, TreeSet<String> declared) {
        for (FlagSpec f : n.flags()) {
            if (f.longName() != null) {
                declared.add(f.longName());
                if (f.takesArgument() && (f.longName().contains("file") || f.longName().contains("path"))) {
                    fileLike.add(f.longName());
                }
            }
        }
        n.children().forEach(c -> collect(c, fileLike, declared));
        n.extensions().forEach(c -> collect(c, fileLike, declared));
    }

    @Test
    public void scriptLayout() {
        String s = script();
        assertTrue(s, s.startsWith("# bash completion for dmg, generated by `dmg completion bash`"));
        assertTrue(s, s.endsWith("\ncomplete -F _dmg dmg\n"));
        assertTrue(s, s.contains("""
                        "")
                            _dmg_cmds="network pool storage system version completion"
                            _dmg_opts="--allow-proxy -l --host-list -i --insecure -d --debug -j --json -f --host-file -o --config-path -h --help"
                            _dmg_values=" -l --host-list -f --host-file -o --config-path "
                            _dmg_files=" -f --host-file -o --config-path "
                            ;;
                """));
        assertTrue(s, s.contains("        \"storage:s\" | \"storage:set\") _dmg_r=set ;;\n"));
        assertTrue(s, s.contains("        \"system:query\" | \"system:q\") _dmg_r=query ;;\n"));
        assertTrue(s, s.contains("        \"system\")\n            _dmg_cmds=\"query stop start leader-query list-pools\"\n"));
        assertEquals("one _dmg_spec case per command path", Completion.specs(CommandTree.root()).size(),
                s.split("\n            _dmg_cmds=", -1).length - 1);
        for (String line : s.split("\n")) {
            assertFalse("no tab, no trailing blank: [" + line + "]", line.contains("\t") || line.endsWith(" "));
        }
    }

    private static Completion.Spec spec(List<Completion.Spec> specs, String path) {
        for (Completion.Spec s : specs) {
            if (s.path().equals(path)) {
                return s;
            }
        }
        throw new AssertionError("no spec for " + path);
    }

    // --- the command: no configuration, certificates or connection ---

    @Test
    public void completionBashNeedsNoConfigCertificatesOrConnection() throws Exception {
        Path secure = tmp.newFile("daos.yml").toPath();
        Files.writeString(secure, "transport_config:\n  allow_insecure: false\n  ca_cert: /nowhere/ca.crt\n"
                + "  cert: /nowhere/admin.crt\n  key: /nowhere/admin.key\n");
        for (String[] args : List.of(new String[] {"completion", "bash"},
                new String[] {"-o", secure.toString(), "completion", "bash"},
                new String[] {"-o", "/no/such/daos.yml", "-j", "-l", "no!de", "completion", "bash"})) {
            Run r = dmg(args);
            assertEquals(Arrays.toString(args) + ": " + r.err, 0, r.exit);
            assertEquals("", r.err);
            assertEquals(script(), r.out);
        }
    }

    @Test
    public void completionOnlyKnowsBash() throws Exception {
        Run none = dmg("completion");
        assertEquals(1, none.exit);
        assertEquals("ERROR: dmg: Please specify the bash command\n", none.err);
        Run zsh = dmg("completion", "zsh");
        assertEquals(1, zsh.exit);
        assertEquals("ERROR: dmg: Unknown command `zsh'. You should use the bash command\n", zsh.err);
        // not one of the reference's commands in its messages
        Run top = dmg("quack");
        assertEquals("ERROR: dmg: Unknown command `quack'. Please specify one command of: network, pool, storage, "
                + "system or version\n", top.err);
    }

    private record Run(int exit, String out, String err) {
    }

    private Run dmg(String... args) throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        Output out = new Output(new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        Platform platform = new Platform(Map.<String, String>of()::get, tmp.getRoot().toPath().resolve("noconf"),
                null, tmp.getRoot().toPath());
        Connector refuse = new Connector() {
            @Override
            public void preload(TransportConfig tls) {
                throw new AssertionError("certificates loaded");
            }

            @Override
            public AutoCloseable connect(List<String> a, TransportConfig t, ProxyPolicy p, Output x) {
                throw new AssertionError("connected");
            }
        };
        CommandRegistry registry = Completion.register(CommandRegistry.withVersion("1.2.3"));
        int exit = new Dmg(platform, out, HostFileTest.FAKE, refuse, registry).run(args);
        return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    // --- the script run by bash ---

    @Test
    public void completesCommandsButNotAliases() throws Exception {
        assertEquals(List.of("system"), complete("dmg", "sy"));
        assertEquals(List.of("leader-query", "list-pools", "query", "start", "stop"), complete("dmg", "system", ""));
        assertEquals(List.of("completion", "network", "pool", "storage", "system", "version"), complete("dmg", ""));
        assertEquals(List.of("storage", "system"), complete("dmg", "s"));
        // aliases are understood: sy q is system query; st s is storage set (the later alias)
        assertEquals(List.of("nvme-faulty"), complete("dmg", "st", "s", ""));
        assertEquals(List.of("bash"), complete("dmg", "completion", ""));
        // an unknown word ends the command lookup; -- ends the options
        assertEquals(List.of(), complete("dmg", "system", "quack", ""));
        assertEquals(List.of(), complete("dmg", "--", ""));
    }

    @Test
    public void completesTheOptionsOfTheCommandAndTheGlobalOnes() throws Exception {
        assertEquals(List.of("--scm-size", "--sys"), complete("dmg", "pool", "create", "--s"));
        List<String> query = new ArrayList<>(List.of("-r", "--ranks", "-v", "--verbose"));
        query.addAll(GLOBALS);
        query.sort(null);
        assertEquals(query, complete("dmg", "sy", "q", "-"));
        // a leaf offers its options on an empty word
        assertTrue(complete("dmg", "pool", "query", "").contains("--pool"));
        // option values are skipped, wherever the value is: -l h, -dl h, -s1G, --pool=x
        assertEquals(List.of("leader-query", "list-pools", "query", "start", "stop"),
                complete("dmg", "-l", "h", "system", ""));
        assertEquals(List.of("leader-query", "list-pools", "query", "start", "stop"),
                complete("dmg", "-dl", "h", "sy", ""));
        assertEquals(List.of("--nsvc", "--nvme-size"), complete("dmg", "pool", "create", "-s1G", "--n"));
        // -f of pool destroy is a switch: nothing is skipped after it
        assertEquals(List.of("--pool"), complete("dmg", "pool", "destroy", "-f", "--p"));
        // a value that is no file name: nothing offered
        assertEquals(List.of(), complete("dmg", "pool", "create", "-s", ""));
    }

    @Test
    public void completesFileNamesForFileOptions() throws Exception {
        Path dir = tmp.newFolder("acls").toPath();
        Files.createFile(dir.resolve("a1.acl"));
        Files.createFile(dir.resolve("a2.acl"));
        Files.createFile(dir.resolve("b.acl"));
        String a = dir + "/a";
        List<String> both = List.of(dir + "/a1.acl", dir + "/a2.acl");
        assertEquals(both, complete("dmg", "pool", "create", "--acl-file", a));
        assertEquals(both, complete("dmg", "pool", "overwrite-acl", "-a", a));
        assertEquals(both, complete("dmg", "pool", "get-acl", "-o", a));
        assertEquals(both, complete("dmg", "-o", a));
        assertEquals(both, complete("dmg", "system", "query", "--host-file", a));
        // --name=value as bash splits it (= is a word break) and as one word
        assertEquals(both, complete("dmg", "pool", "update-acl", "--acl-file", "=", a));
        assertEquals(List.of("--acl-file=" + dir + "/a1.acl", "--acl-file=" + dir + "/a2.acl"),
                complete("dmg", "pool", "update-acl", "--acl-file=" + a));
        // after "=" with nothing typed yet: every name (here: in the directory bash runs in)
        assertEquals(List.of("a1.acl", "a2.acl", "b.acl"), completeIn(dir, "dmg", "pool", "create", "-a", "="));
    }

    private List<String> complete(String... words) throws Exception {
        return completeIn(tmp.getRoot().toPath(), words);
    }

    /**
     * Sources the script in a fresh {@code bash} running in {@code cwd}, sets {@code COMP_WORDS}
     * to {@code words} and {@code COMP_CWORD} to the last, calls {@code _dmg}; the sorted
     * {@code COMPREPLY}. Bash must write nothing on stderr.
     */
    private List<String> completeIn(Path cwd, String... words) throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("bash");
        Path file = dir.resolve("dmg.bash");
        if (!Files.exists(file)) {
            Files.createDirectories(dir);
            Files.writeString(file, script());
        }
        List<String> cmd = new ArrayList<>(List.of("bash", "--norc", "--noprofile", "-c",
                "source \"$0\"; COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); _dmg; printf '%s\\n' \"${COMPREPLY[@]}\"",
                file.toString()));
        cmd.addAll(List.of(words));
        Path out = Files.createTempFile(dir, "out", "");
        Path err = Files.createTempFile(dir, "err", "");
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertTrue("bash did not finish", p.waitFor(30, TimeUnit.SECONDS));
        String what = Arrays.toString(words);
        assertEquals(what, "", Files.readString(err));
        assertEquals(what, 0, p.exitValue());
        List<String> reply = new ArrayList<>();
        for (String l : Files.readAllLines(out)) {
            if (!l.isEmpty()) {
                reply.add(l);
            }
        }
        reply.sort(null);
        return reply;
    }
}
