package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Test;

public class MainTest {

    private final TestSupport.Lines out = new TestSupport.Lines();
    private final TestSupport.Lines err = new TestSupport.Lines();

    private int run(String... args) {
        return Main.run(args, out.stream(), err.stream());
    }

    @Test
    public void version() {
        assertEquals(0, run("version"));
        assertEquals(1, out.lines().size());
        assertTrue(out.lines().get(0), out.lines().get(0).matches("daos_server version \\d+\\.\\d+\\.\\d+.*"));
        assertEquals(0, err.lines().size());
    }

    @Test
    public void storageAndNetworkRunWithoutOsgi() throws Exception {
        Path dir = Files.createTempDirectory("main-inventory");
        try {
            Path cfg = dir.resolve("d.yml");
            Files.writeString(cfg, "provider: ofi+tcp;ofi_rxm\n");
            assertEquals(0, run("-o", cfg.toString(), "network", "list"));
            assertEquals(java.util.List.of("Supported providers:",
                    "\tofi+gni, ofi+psm2, ofi+tcp, ofi+sockets, ofi+verbs, ofi_rxm"), out.lines());
            assertEquals(0, err.lines().size());

            Path missing = dir.resolve("nope.yml");
            assertEquals(1, run("network", "scan", "-o", missing.toString()));
            assertEquals(java.util.List.of("ERROR: failed to load config from " + missing + ": stat " + missing
                    + ": no such file or directory"), err.lines());

            TestSupport.Lines e = new TestSupport.Lines();
            assertEquals(1, Main.run(new String[] {"storage", "p", "-n", "-s"}, out.stream(), e.stream()));
            assertEquals(java.util.List.of("ERROR: nvme-only and scm-only options should not be set together"),
                    e.lines());
        } finally {
            TestSupport.deleteTree(dir);
        }
    }

    @Test
    public void usageErrorsAreOneErrorLineAndExit1() {
        assertEquals(1, run("frobnicate"));
        assertEquals(java.util.List.of("ERROR: Unknown command `frobnicate'. Please specify one command of: "
                + "network, start, storage or version"), err.lines());
    }

    @Test
    public void missingConfigFile() throws Exception {
        Path dir = Files.createTempDirectory("main-test");
        try {
            Path cfg = dir.resolve("nope.yml");
            assertEquals(1, run("start", "-o", cfg.toString()));
            assertEquals(java.util.List.of("ERROR: failed to load config from " + cfg + ": stat " + cfg
                    + ": no such file or directory"), err.lines());
        } finally {
            TestSupport.deleteTree(dir);
        }
    }

    @Test
    public void defaultConfigIsLookedUpInTheDistribution() throws Exception {
        Path home = Files.createTempDirectory("main-home");
        try {
            TestSupport.Lines e = new TestSupport.Lines();
            Path found = StartCommand.locateConfig(home, null, new Log(out.stream(), e.stream(), false));
            assertEquals(null, found);
            Path def = home.resolve("etc/daos_server.yml");
            assertEquals("ERROR: failed to load config from " + def + ": stat " + def
                    + ": no such file or directory", e.lines().get(0));
            Files.createDirectories(def.getParent());
            Files.writeString(def, "port: 1\n");
            assertEquals(def, StartCommand.locateConfig(home, null, new Log(out.stream(), e.stream(), false)));
        } finally {
            TestSupport.deleteTree(home);
        }
    }
}
