package io.daos.control.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.Test;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ServerConfig;

public class IOServerArgsTest {

    static ServerConfig load(String yaml) throws Exception {
        return new ServerConfigLoader().loadText(yaml, ServerConfigLoaderTest.FILE,
                CliOverrides.builder().hostname("node1").build());
    }

    @Test
    public void workedExampleOfSection17() throws Exception {
        ServerConfig c = load(ServerConfigLoaderTest.resource("worked-example.yml"));
        assertEquals(List.of("localhost:10001"), c.accessPoints());
        assertEquals(4096, c.nrHugepages());
        IOServerConfig s = c.servers().get(0);
        long pid = 4242;
        assertEquals(List.of("-t", "1", "-x", "0", "-g", "daos_server", "-d", "/var/run/daos_server", "-s",
                "/mnt/daos", "-n", "/mnt/daos/daos_nvme.conf", "-i", "4243", "-I", "0"),
                s.ioServerArgs(pid + s.index() + 1, 0));
        Map<String, String> expected = new TreeMap<>(Map.of("CRT_PHY_ADDR_STR", "ofi+sockets", "CRT_TIMEOUT", "30",
                "DAOS_MD_CAP", "1024", "D_LOG_FILE", "/tmp/daos_server.log", "OFI_INTERFACE", "eth0",
                "OFI_PORT", "31416", "VOS_BDEV_CLASS", "AIO"));
        assertEquals(expected, s.configEnv(iface -> null));
        Map<String, String> full = s.ioServerEnv(Map.of("PATH", "/bin", "EMPTY", "", "OFI_PORT", "1"), i -> null);
        Map<String, String> withPath = new TreeMap<>(expected);
        withPath.put("PATH", "/bin");
        assertEquals(withPath, full);
    }

    @Test
    public void fullyPopulatedArgsInReferenceOrder() throws Exception {
        ServerConfig c = load("provider: ofi+sockets\nmodules: vos,rdb\nset_hugepages: true\nservers:\n"
                + "- fabric_iface: a\n  scm_mount: /mnt/x\n  scm_class: ram\n  scm_size: 1\n  log_file: /x\n"
                + "- fabric_iface: b\n  targets: 16\n  nr_xs_helpers: 2\n  first_core: 1\n  scm_mount: /mnt/daos\n"
                + "  scm_class: ram\n  scm_size: 1\n  bdev_class: nvme\n  bdev_list: ['0000:81:00.0']\n"
                + "  pinned_numa_node: 1\n");
        IOServerConfig s = c.servers().get(1);
        assertEquals(List.of("-m", "vos,rdb", "-t", "16", "-x", "2", "-f", "1", "-g", "daos_server", "-d",
                "/var/run/daos_server", "-s", "/mnt/daos", "-n", "/mnt/daos/daos_nvme.conf", "-i", "1234", "-r",
                "4096", "-p", "1", "-I", "1"), s.ioServerArgs(1234, 4096));
        // nvme never sets VOS_BDEV_CLASS
        assertFalse(s.configEnv(i -> null).containsKey("VOS_BDEV_CLASS"));
    }

    @Test
    public void hugepagesOnlyWithSetHugepages() throws Exception {
        IOServerConfig s = load(ServerConfigLoaderTest.MINIMAL).servers().get(0);
        assertFalse(s.ioServerArgs(1, 4096).contains("-r"));
        IOServerConfig h = load("set_hugepages: true\n" + ServerConfigLoaderTest.MINIMAL).servers().get(0);
        assertTrue(h.ioServerArgs(1, 4096).contains("-r"));
        assertFalse(h.ioServerArgs(1, 0).contains("-r"));
    }

    @Test
    public void smallConfigArgs() throws Exception {
        IOServerConfig s = load("provider: p\nservers:\n- targets: 42\n  nr_xs_helpers: 1\n  fabric_iface: qib0\n"
                + "  log_mask: DEBUG,MGMT=DEBUG,RPC=ERR,MEM=ERR\n  pinned_numa_node: 1\n  scm_mount: /m\n"
                + "  scm_class: ram\n  scm_size: 1\n").servers().get(0);
        List<String> args = s.ioServerArgs(0, 0);
        assertEquals(List.of("-t", "42", "-x", "1", "-g", "daos_server", "-d", "/var/run/daos_server", "-s", "/m",
                "-p", "1", "-I", "0"), args);
        Map<String, String> env = s.ioServerEnv(Map.of("OFI_INTERFACE", "bob0"), i -> null);
        assertEquals("qib0", env.get("OFI_INTERFACE"));
        assertEquals("DEBUG,MGMT=DEBUG,RPC=ERR,MEM=ERR", env.get("D_LOG_MASK"));
    }

    @Test
    public void pinnedNumaZeroIsEmittedAndTargetsZeroOmitted() throws Exception {
        IOServerConfig s = load(ServerConfigLoaderTest.MINIMAL + "  pinned_numa_node: 0\n").servers().get(0);
        List<String> args = s.ioServerArgs(5, 0);
        assertTrue(String.join(" ", args).contains("-p 0"));
        assertFalse(args.contains("-t"));
        assertFalse(args.contains("-f"));
        assertTrue(String.join(" ", args).contains("-x 0"));
    }

    @Test
    public void spdkConfigDecisionPerClass() throws Exception {
        String base = ServerConfigLoaderTest.MINIMAL;
        assertFalse(load(base).servers().get(0).generatesNvmeConf());
        assertFalse(load(base + "  bdev_class: file\n").servers().get(0).generatesNvmeConf());
        IOServerConfig none = load(base + "  bdev_list: ['0000:01:00.0']\n").servers().get(0);
        assertTrue(none.generatesNvmeConf());
        assertFalse(none.configEnv(i -> null).containsKey("VOS_BDEV_CLASS"));
        IOServerConfig malloc = load(base + "  bdev_class: malloc\n  bdev_number: 2\n  bdev_size: 5\n")
                .servers().get(0);
        assertTrue(malloc.generatesNvmeConf());
        assertEquals("MALLOC", malloc.configEnv(i -> null).get("VOS_BDEV_CLASS"));
        assertFalse(load(base + "  bdev_class: malloc\n").servers().get(0).generatesNvmeConf());
        IOServerConfig kdev = load(base + "  bdev_class: kdev\n  bdev_list: [/dev/sdc]\n").servers().get(0);
        assertEquals("AIO", kdev.configEnv(i -> null).get("VOS_BDEV_CLASS"));
        assertEquals("/mnt/daos/daos_nvme.conf", kdev.nvmeConfPath());
    }

    @Test
    public void envVarsLoseToDerivedAndBeatInherited() throws Exception {
        IOServerConfig s = load(ServerConfigLoaderTest.MINIMAL + "  env_vars: [OFI_INTERFACE=mine, FOO=1, FOO=2, "
                + "BAD, =x, EMPTY=, 'COMPLEX=FOO;bar=quux;woof=meow']\n").servers().get(0);
        Map<String, String> env = s.ioServerEnv(Map.of("FOO", "inherited", "KEEP", "yes"), i -> null);
        assertEquals("eth0", env.get("OFI_INTERFACE"));
        assertEquals("1", env.get("FOO"));
        assertEquals("yes", env.get("KEEP"));
        assertEquals("FOO;bar=quux;woof=meow", env.get("COMPLEX"));
        assertFalse(env.containsKey("BAD"));
        assertFalse(env.containsKey("EMPTY"));
        assertFalse(env.containsKey(""));
    }

    @Test
    public void ofiDomainForVerbs() throws Exception {
        String verbs = "provider: ofi+verbs;ofi_rxm\nservers:\n- fabric_iface: ib0\n  scm_mount: /m\n"
                + "  scm_class: ram\n  scm_size: 1\n";
        IOServerConfig s = load(verbs).servers().get(0);
        assertEquals("hfi1_0", s.configEnv(i -> i.equals("ib0") ? "hfi1_0" : null).get("OFI_DOMAIN"));
        try {
            s.configEnv(i -> null);
            fail();
        } catch (IllegalStateException e) {
            assertEquals("failed to resolve alias for ib0: unable to find an alias for: ib0", e.getMessage());
        }
        IOServerConfig given = load(verbs + "  env_vars: [OFI_DOMAIN=mlx5_0]\n").servers().get(0);
        assertEquals("mlx5_0", given.configEnv(i -> null).get("OFI_DOMAIN"));
        assertFalse(load(ServerConfigLoaderTest.MINIMAL).servers().get(0).configEnv(i -> "x")
                .containsKey("OFI_DOMAIN"));
    }

    private static HashSet<String> merge(List<String> a, List<String> b) {
        return new HashSet<>(IOServerArgs.mergeEnvVars(a, b));
    }

    @Test
    public void mergeEnvVarsPinnedCases() {
        assertEquals(new HashSet<>(List.of("FOO=BAR")), merge(List.of("FOO=BAR", "FOO=BAZ"), List.of()));
        assertEquals(new HashSet<>(List.of("FOO=QUX")), merge(List.of("FOO=BAR", "FOO=BAZ"), List.of("FOO=QUX")));
        assertEquals(new HashSet<>(List.of("FOO=BAZ")), merge(List.of("FOO=BAR"), List.of("FOO=BAZ", "FOO=QUX")));
        assertEquals(new HashSet<>(List.of("A=B", "C=D")), merge(List.of("A=B"), List.of("C=D")));
        assertEquals(new HashSet<>(List.of("COMPLEX=FOO;bar=quux;woof=meow")),
                merge(List.of("COMPLEX=FOO;bar=quux;woof=meow"), List.of()));
        assertEquals(new HashSet<>(List.of("A=B")), merge(List.of("A=B", "BAD_BASE="), List.of("BAD_MERGE")));
    }

    @Test
    public void hasEnvVarMatchesExactName() {
        assertFalse(IOServerArgs.hasEnvVar(List.of("FOO_BAR=BAZ"), "FOO"));
        assertTrue(IOServerArgs.hasEnvVar(List.of("FOO=BAZ"), "FOO"));
        assertFalse(IOServerArgs.hasEnvVar(List.of(), "FOO"));
    }
}
