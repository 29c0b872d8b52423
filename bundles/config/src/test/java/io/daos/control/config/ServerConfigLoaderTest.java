package io.daos.control.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.config.BdevClass;
import io.daos.control.api.config.ControlLogMask;
import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ScmClass;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.config.TransportConfig;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.system.Rank;

public class ServerConfigLoaderTest {

    static final Path FILE = Path.of("/etc/daos/daos_server.yml");
    static final String EXAMPLES = "/etc/utils/config/examples";
    static final CliOverrides HOST = CliOverrides.builder().hostname("node1").build();

    /** A minimal valid configuration: one ram server on eth0. */
    public static final String MINIMAL = "provider: ofi+sockets\n"
            + "servers:\n"
            + "- fabric_iface: eth0\n"
            + "  scm_mount: /mnt/daos\n"
            + "  scm_class: ram\n"
            + "  scm_size: 1\n";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    static String resource(String name) throws IOException {
        try (InputStream in = ServerConfigLoaderTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static ServerConfig load(String yaml) throws FaultException {
        return new ServerConfigLoader().loadText(yaml, FILE, HOST);
    }

    static ServerConfig parse(String yaml) throws FaultException {
        return new ServerConfigLoader().parseText(yaml, FILE);
    }

    static String loadError(String yaml) {
        try {
            load(yaml);
        } catch (FaultException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a failure for:\n" + yaml);
    }

    static FaultException loadFault(String yaml) {
        try {
            load(yaml);
        } catch (FaultException e) {
            return e;
        }
        throw new AssertionError("expected a failure for:\n" + yaml);
    }

    static String parseFailed(String yamlError) {
        return "failed to load config from " + FILE + ": parse failed; config contains invalid parameters and may be "
                + "out of date, see server config examples: " + yamlError;
    }

    // ---- defaults ----

    @Test
    public void emptyFileKeepsEveryDefault() throws Exception {
        ServerConfig c = parse("");
        assertEquals("daos_server", c.systemName());
        assertEquals(10001, c.port());
        assertEquals(List.of("localhost:10001"), c.accessPoints());
        assertEquals("/var/run/daos_server", c.socketDir());
        assertEquals(TransportConfig.DEFAULT, c.transportConfig());
        assertFalse(c.allowInsecure());
        assertEquals("", c.provider());
        assertEquals("", c.fabricIface());
        assertEquals(0, c.fabricIfacePort());
        assertEquals(OptionalInt.empty(), c.pinnedNumaNode());
        assertEquals("", c.modules());
        assertTrue(c.servers().isEmpty());
        assertTrue(c.bdevInclude().isEmpty());
        assertTrue(c.bdevExclude().isEmpty());
        assertEquals(0, c.nrHugepages());
        assertFalse(c.setHugepages());
        assertEquals(ControlLogMask.INFO, c.controlLogMask());
        assertEquals("", c.controlLogFile());
        assertFalse(c.controlLogJson());
        assertEquals("", c.helperLogFile());
        assertFalse(c.recreateSuperblocks());
        assertEquals("", c.faultPath());
        assertEquals("", c.faultCb());
        assertFalse(c.hyperthreads());
        assertEquals(FILE, c.configPath());
        assertEquals(".daos/clients", c.transportConfig().clientCertDir());
        assertEquals(".daos/daosCA.crt", c.transportConfig().caCert());
        assertEquals(".daos/daos_server.crt", c.transportConfig().cert());
        assertEquals(".daos/daos_server.key", c.transportConfig().key());
        assertEquals("server", c.transportConfig().serverName());
    }

    @Test
    public void perServerDefaultsFromFileAreZero() throws Exception {
        IOServerConfig s = load(MINIMAL).servers().get(0);
        assertEquals(0, s.index());
        assertFalse(s.rank().isPresent());
        assertEquals(0, s.targets());
        assertEquals(0, s.nrXsHelpers());
        assertEquals(0, s.firstCore());
        assertEquals("", s.logMask());
        assertEquals("", s.logFile());
        assertTrue(s.envVars().isEmpty());
        assertEquals(0, s.fabricIfacePort());
        assertEquals(OptionalInt.empty(), s.pinnedNumaNode());
        assertTrue(s.scmList().isEmpty());
        assertEquals(BdevClass.NONE, s.bdevClass());
        assertTrue(s.bdevList().isEmpty());
        assertEquals(0, s.bdevNumber());
        assertEquals(0, s.bdevSize());
        assertEquals("node1", s.hostname());
    }

    @Test
    public void partialTransportConfigKeepsOtherDefaults() throws Exception {
        TransportConfig t = parse("transport_config:\n  allow_insecure: true\n  cert: /x.crt\n").transportConfig();
        assertEquals(new TransportConfig(true, ".daos/clients", ".daos/daosCA.crt", "/x.crt",
                ".daos/daos_server.key", "server"), t);
    }

    @Test
    public void emptyTransportConfigIsRejectedAtLoad() {
        String msg = loadError("transport_config:\n" + MINIMAL);
        assertEquals(parseFailed("line 1: transport_config may not be empty"), msg);
    }

    @Test
    public void givenAccessPointsReplaceTheDefaultList() throws Exception {
        assertEquals(List.of("a", "b"), parse("access_points: [a, b]").accessPoints());
        assertEquals(List.of(), parse("access_points: []").accessPoints());
    }

    // ---- every key ----

    @Test
    public void referenceFileWithEveryLineUncommented() throws Exception {
        ServerConfig c = load(resource("reference-uncommented.yml"));
        assertEquals(10001, c.port());
        assertEquals(List.of("0000:81:00.1", "0000:81:00.2", "0000:81:00.3"), c.bdevInclude());
        assertEquals(List.of("0000:81:00.1"), c.bdevExclude());
        assertEquals(4096, c.nrHugepages());
        assertEquals(ControlLogMask.ERROR, c.controlLogMask());
        assertEquals("/tmp/daos_control.log", c.controlLogFile());
        assertEquals("/tmp/daos_admin.log", c.helperLogFile());
        assertEquals("daos", c.systemName());
        assertEquals("./.daos/daos_server", c.socketDir());
        assertEquals("ofi+verbs;ofi_rxm", c.provider());
        assertEquals(List.of("hostname1:10001"), c.accessPoints());
        assertEquals("./.daos/fd_callback", c.faultCb());
        assertEquals("/vcdu0/rack1/hostname", c.faultPath());
        assertTrue(c.hyperthreads());
        assertEquals(2, c.servers().size());

        IOServerConfig s0 = c.servers().get(0);
        assertEquals(Rank.of(0), s0.rank().get());
        assertEquals(20, s0.targets());
        assertEquals(20, s0.nrXsHelpers());
        assertEquals(1, s0.firstCore());
        assertEquals(ScmClass.RAM, s0.scmClass());
        assertEquals(16, s0.scmSize());
        assertEquals("/mnt/daos/1", s0.scmMount());
        assertEquals(BdevClass.NVME, s0.bdevClass());
        assertEquals(List.of("0000:81:00.0"), s0.bdevList());
        assertEquals("qib0", s0.fabricIface());
        assertEquals(20000, s0.fabricIfacePort());
        assertEquals(OptionalInt.of(0), s0.pinnedNumaNode());
        assertEquals(List.of("CRT_TIMEOUT=30"), s0.envVars());
        assertEquals("/tmp/daos_server1.log", s0.logFile());
        assertEquals("WARN", s0.logMask());
        assertEquals("ofi+verbs;ofi_rxm", s0.provider());
        assertEquals("daos", s0.name());
        assertEquals("./.daos/daos_server", s0.socketDir());

        IOServerConfig s1 = c.servers().get(1);
        assertEquals(1, s1.index());
        assertEquals(Rank.of(1), s1.rank().get());
        assertEquals(22, s1.firstCore());
        assertEquals(ScmClass.DCPM, s1.scmClass());
        assertEquals(List.of("/dev/pmem0"), s1.scmList());
        assertEquals("/mnt/daos/2", s1.scmMount());
        assertEquals(BdevClass.MALLOC, s1.bdevClass());
        assertEquals(List.of("/tmp/daos-bdev1", "/tmp/daos-bdev2"), s1.bdevList());
        assertEquals(1, s1.bdevNumber());
        assertEquals(4, s1.bdevSize());
        assertEquals("qib1", s1.fabricIface());
        assertEquals(OptionalInt.of(1), s1.pinnedNumaNode());
        assertEquals(List.of("CRT_TIMEOUT=100"), s1.envVars());
        assertEquals("/tmp/daos_server2.log", s1.logFile());
    }

    @Test
    public void remainingTopLevelKeys() throws Exception {
        ServerConfig c = parse("pinned_numa_node: 3\nset_hugepages: true\ncontrol_log_json: true\n"
                + "recreate_superblocks: true\nmodules: vos,rdb\nfabric_iface: ib0\nfabric_iface_port: 7\n"
                + "control_log_mask: debug\n");
        assertEquals(OptionalInt.of(3), c.pinnedNumaNode());
        assertTrue(c.setHugepages());
        assertTrue(c.controlLogJson());
        assertTrue(c.recreateSuperblocks());
        assertEquals("vos,rdb", c.modules());
        assertEquals("ib0", c.fabricIface());
        assertEquals(7, c.fabricIfacePort());
        assertEquals(ControlLogMask.DEBUG, c.controlLogMask());
        assertEquals(ControlLogMask.DISABLED, parse("control_log_mask: Disabled").controlLogMask());
        assertEquals("ours, beyond the reference", ControlLogMask.WARN, parse("control_log_mask: warn").controlLogMask());
    }

    @Test
    public void recreateSuperblocksKeyIsOverwrittenByStart() throws Exception {
        assertFalse(load("recreate_superblocks: true\n" + MINIMAL).recreateSuperblocks());
        assertTrue(new ServerConfigLoader().loadText(MINIMAL, FILE,
                CliOverrides.builder().recreateSuperblocks(true).hostname("h").build()).recreateSuperblocks());
    }

    @Test
    public void pathKeyReplacesTheRecordedPath() throws Exception {
        assertEquals(Path.of("/other/daos_server.yml"), parse("path: /other/daos_server.yml").configPath());
    }

    @Test
    public void topLevelPinnedNumaNodeIsNotPropagated() throws Exception {
        assertEquals(OptionalInt.empty(), load("pinned_numa_node: 1\n" + MINIMAL).servers().get(0).pinnedNumaNode());
    }

    @Test
    public void bdevClassKeyOmittedVersusEmpty() throws Exception {
        assertEquals(BdevClass.NONE, load(MINIMAL).servers().get(0).bdevClass());
        assertEquals(BdevClass.NVME, load(MINIMAL + "  bdev_class: \"\"\n").servers().get(0).bdevClass());
        assertEquals(BdevClass.KDEV, load(MINIMAL + "  bdev_class: kdev\n").servers().get(0).bdevClass());
        assertEquals(BdevClass.FILE, load(MINIMAL + "  bdev_class: file\n").servers().get(0).bdevClass());
    }

    // ---- propagation ----

    @Test
    public void serversInheritProviderModulesSocketDirAndName() throws Exception {
        ServerConfig c = load("name: sys\nmodules: m1\nsocket_dir: /s\nfabric_iface: ib9\nfabric_iface_port: 55\n"
                + "provider: ofi+psm2\nservers:\n- name: own\n  socket_dir: /own\n  modules: own\n"
                + "  scm_mount: /m\n  scm_class: ram\n  scm_size: 1\n");
        IOServerConfig s = c.servers().get(0);
        assertEquals("sys", s.name());
        assertEquals("/s", s.socketDir());
        assertEquals("m1", s.modules());
        assertEquals("ofi+psm2", s.provider());
        assertEquals("ib9", s.fabricIface());
        assertEquals(55, s.fabricIfacePort());
    }

    @Test
    public void serverFabricValuesWinOverTopLevel() throws Exception {
        IOServerConfig s = load("provider: a\nfabric_iface: top\nfabric_iface_port: 1\nservers:\n"
                + "- provider: b\n  fabric_iface: own\n  fabric_iface_port: 2\n  scm_mount: /m\n  scm_class: ram\n"
                + "  scm_size: 1\n").servers().get(0);
        assertEquals("b", s.provider());
        assertEquals("own", s.fabricIface());
        assertEquals(2, s.fabricIfacePort());
    }

    @Test
    public void emptyTopLevelModulesOverwriteServerModules() throws Exception {
        assertEquals("", load(MINIMAL.replace("servers:\n", "servers:\n- modules: x\n  fabric_iface: eth1\n"
                + "  scm_mount: /mnt/other\n  scm_class: ram\n  scm_size: 1\n")).servers().get(0).modules());
    }

    // ---- strict parsing ----

    @Test
    public void unknownTopLevelKey() {
        assertEquals(parseFailed("yaml: unmarshal errors: line 2: field bogus not found in type server.Configuration"),
                loadError("provider: x\nbogus: 1\n"));
    }

    @Test
    public void unknownServerKey() {
        assertEquals(parseFailed("yaml: unmarshal errors: line 7: field scm_mnt not found in type ioserver.Config"),
                loadError(MINIMAL + "  scm_mnt: /x\n"));
    }

    @Test
    public void unknownTransportKey() {
        assertEquals(parseFailed("yaml: unmarshal errors: line 2: field insecure not found in type "
                + "security.TransportConfig"), loadError("transport_config:\n  insecure: true\n"));
    }

    @Test
    public void duplicateKey() {
        FaultException e = loadFault("port: 1\nport: 2\n");
        assertEquals(parseFailed("yaml: unmarshal errors: line 2: field port already set in type server.Configuration"),
                e.getMessage());
        assertEquals(630, e.fault().code());
        assertFalse(e.fault().hasResolution());
        assertTrue(loadError(MINIMAL + "  scm_size: 2\n").contains("field scm_size already set in type ioserver.Config"));
    }

    @Test
    public void wrongScalarTypes() {
        assertEquals(parseFailed("yaml: unmarshal errors: line 1: cannot unmarshal !!str `abc` into int"),
                loadError("port: abc\n"));
        assertTrue(loadError("port: \"10001\"\n").endsWith("cannot unmarshal !!str `10001` into int"));
        assertTrue(loadError("port: true\n").endsWith("cannot unmarshal !!bool `true` into int"));
        assertTrue(loadError("set_hugepages: maybe\n").endsWith("cannot unmarshal !!str `maybe` into bool"));
        assertTrue(loadError("set_hugepages: \"true\"\n").endsWith("cannot unmarshal !!str `true` into bool"));
        assertTrue(loadError("access_points: localhost\n").endsWith("cannot unmarshal !!str `localhost` into []string"));
        assertTrue(loadError("servers: abc\n").endsWith("cannot unmarshal !!str `abc` into []*ioserver.Config"));
        assertTrue(loadError("servers:\n- abc\n").endsWith("line 2: cannot unmarshal !!str `abc` into ioserver.Config"));
        assertTrue(loadError("transport_config: 1\n").endsWith("cannot unmarshal !!int `1` into security.TransportConfig"));
        assertTrue(loadError("provider: [a]\n").endsWith("cannot unmarshal !!seq into string"));
        assertTrue(loadError("port: 99999999999\n").endsWith("cannot unmarshal !!int `99999999999` into int"));
        assertTrue(loadError("pinned_numa_node: -1\n").endsWith("cannot unmarshal !!int `-1` into uint"));
        assertTrue(loadError("servers:\n- rank: -1\n").endsWith("cannot unmarshal !!int `-1` into uint32"));
    }

    @Test
    public void fractionsAreTruncatedForIntegerKeys() throws Exception {
        assertEquals(1, parse("port: 1.5").port());
        assertEquals(1, parse("servers:\n- targets: 1.9\n").servers().get(0).targets());
    }

    @Test
    public void stringKeysTakeAnyScalarText() throws Exception {
        assertEquals("1234", parse("provider: 1234").provider());
        assertEquals("", parse("provider:").provider());
    }

    @Test
    public void enumeratedKeysUseTheirOwnMessages() {
        assertEquals(parseFailed("\"LOUD\" is not a valid log level"), loadError("control_log_mask: LOUD\n"));
        assertEquals(parseFailed("scm_class value \"nvdimm\" not supported in config (dcpm/ram)"),
                loadError("servers:\n- scm_class: nvdimm\n"));
        assertEquals(parseFailed("bdev_class value \"ssd\" not supported in config (nvme/malloc/kdev/file)"),
                loadError("servers:\n- bdev_class: ssd\n"));
        assertEquals(parseFailed("rank 4294967295 out of range [0, 4294967294]"),
                loadError("servers:\n- rank: 4294967295\n"));
    }

    @Test
    public void largestValidRankIsAccepted() throws Exception {
        assertEquals(Rank.of(4294967294L), parse("servers:\n- rank: 4294967294\n").servers().get(0).rank().get());
    }

    @Test
    public void yamlSyntaxErrorNamesLineAndColumn() {
        String msg = loadError("provider: x\nservers:\n  - scm_mount: /a\n   bad: [\n");
        assertTrue(msg, msg.startsWith(parseFailed("yaml: line ")));
        assertTrue(msg, msg.matches(".*yaml: line \\d+, column \\d+: .*"));
        String tab = loadError("port: 1\n\tname: x\n");
        assertTrue(tab, tab.contains("yaml: line 2, column 1: "));
        assertFalse(tab.contains("\n"));
    }

    @Test
    public void hostileYamlGetsOneLineErrors() {
        String twoDocs = loadError("provider: a\n---\nprovider: b\n");
        assertTrue(twoDocs, twoDocs.contains("yaml: line 2, column 1: "));
        String merge = loadError("base: &b {provider: x}\n");
        assertTrue(merge, merge.endsWith("field base not found in type server.Configuration"));
        String mergeKey = loadError("servers:\n- <<: {scm_mount: /x}\n");
        assertTrue(mergeKey, mergeKey.endsWith("field << not found in type ioserver.Config"));
        StringBuilder laughs = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            laughs.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p).append(",*")
                    .append(p).append(",*").append(p).append(",*").append(p).append(",*").append(p).append("]\n");
        }
        String bomb = loadError(laughs.toString());
        assertFalse(bomb, bomb.contains("\n"));
        for (String e : List.of(twoDocs, merge, mergeKey)) {
            assertFalse(e, e.contains("\n"));
        }
    }

    @Test
    public void yamlIntegerForms() throws Exception {
        assertEquals(10001, parse("port: 0x2711").port());
        assertEquals(8, parse("port: 010").port());
        assertEquals(10001, parse("port: 10_001").port());
    }

    @Test
    public void emptyServerItemFailsValidation() {
        FaultException e = loadFault("provider: ofi+sockets\nservers:\n-\n");
        assertEquals("I/O server 0 failed config validation: fabric config validation failed: missing interface, "
                + "examples: " + EXAMPLES + ": server: code = 630 description = \"insufficient information in "
                + "configuration\"", e.getMessage());
        assertEquals(630, e.fault().code());
        assertEquals("supply path to valid configuration file, use examples for reference", e.fault().resolution());
    }

    // ---- validation in order ----

    @Test
    public void shippedReferenceFileFailsWithNoProvider() throws Exception {
        FaultException e = loadFault(resource("reference-commented.yml"));
        assertEquals("server: code = 634 description = \"provider not specified in configuration\"", e.getMessage());
        assertEquals("server: code = 634 resolution = \"specify a valid network provider in configuration "
                + "('provider' parameter) and restart the control server\"", e.fault().resolutionLine());
    }

    @Test
    public void providerIsCheckedBeforeAccessPoints() {
        assertEquals(634, loadFault("access_points: []\n").fault().code());
    }

    @Test
    public void accessPointCount() throws Exception {
        // the reference allows exactly one; several are Raft peers of the system DB
        assertEquals("no access point listed: server: code = 633 description = \"invalid list of access points in "
                + "configuration\"", loadError("access_points: []\n" + MINIMAL));
        assertEquals(633, loadFault("access_points: []\n" + MINIMAL).fault().code());
        assertEquals(List.of("a:10001", "b:10001", "c:7"), load("access_points: [a, b, 'c:7']\n" + MINIMAL).accessPoints());
        assertEquals(5, load("access_points: [a, b, c, d, e]\n" + MINIMAL).accessPoints().size());
        assertEquals(7, load("access_points: [a, b, c, d, e, f, g]\n" + MINIMAL).accessPoints().size());
        assertEquals("8 access points listed, at most 7 are supported: server: code = 633 description = \"invalid list "
                + "of access points in configuration\"", loadError("access_points: [a, b, c, d, e, f, g, h]\n" + MINIMAL));
    }

    @Test
    public void anEvenAccessPointCountIsAcceptedWithAWarning() throws Exception {
        List<String> warnings = new java.util.ArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.daos.control.config");
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel() == java.util.logging.Level.WARNING) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(h);
        try {
            assertEquals(2, load("access_points: [a, b]\n" + MINIMAL).accessPoints().size());
            assertEquals(List.of("2 access points: an even number tolerates no more failed access points (0) than 1 "
                    + "would; an odd number is recommended"), warnings);
            warnings.clear();
            load("access_points: [a, b, c]\n" + MINIMAL);
            assertEquals(List.of(), warnings);
        } finally {
            log.removeHandler(h);
        }
    }

    @Test
    public void anAccessPointListedTwiceIsRefused() {
        // the same address however it is written: the default port is the control port
        assertEquals("access point a:10001 listed twice: server: code = 633 description = \"invalid list of access "
                + "points in configuration\"", loadError("access_points: [a, b, 'a:10001']\n" + MINIMAL));
    }

    @Test
    public void everyAccessPointIsValidated() {
        String f633 = ": server: code = 633 description = \"invalid list of access points in configuration\"";
        assertEquals("invalid port \"x\"" + f633, loadError("access_points: [a, 'b:x', c]\n" + MINIMAL));
        assertEquals("server: code = 632 description = \"invalid control port in configuration\"",
                loadError("access_points: [a, b, 'c:0']\n" + MINIMAL));
    }

    @Test
    public void accessPointPortHandling() throws Exception {
        assertEquals(List.of("1.2.3.4:1234"), load("access_points: ['1.2.3.4:1234']\n" + MINIMAL).accessPoints());
        assertEquals(List.of("1.2.3.4:10001"), load("access_points: ['1.2.3.4']\n" + MINIMAL).accessPoints());
        assertEquals(List.of("1.2.3.4:77"), load("port: 77\naccess_points: ['1.2.3.4']\n" + MINIMAL).accessPoints());
        assertEquals(List.of("localhost:10001"), load(MINIMAL).accessPoints());
        assertEquals(List.of("[::1]:5"), load("access_points: ['[::1]:5']\n" + MINIMAL).accessPoints());
        assertEquals(List.of("[fe80::1]:10001"), load("access_points: ['[fe80::1]:10001']\n" + MINIMAL).accessPoints());
        assertEquals(List.of("1.2.3.4:65535"), load("access_points: ['1.2.3.4:65535']\n" + MINIMAL).accessPoints());
    }

    @Test
    public void accessPointPortIsNormalisedToItsNumber() throws Exception {
        // HostPort keeps the number, not the text: leading zeros go
        assertEquals(List.of("1.2.3.4:7"), load("access_points: ['1.2.3.4:007']\n" + MINIMAL).accessPoints());
    }

    @Test
    public void accessPointPortZero() {
        String f632 = "server: code = 632 description = \"invalid control port in configuration\"";
        assertEquals(f632, loadError("port: 0\naccess_points: ['1.2.3.4']\n" + MINIMAL));
        assertEquals(f632, loadError("access_points: ['1.2.3.4:0']\n" + MINIMAL));
        assertEquals("port 0 however it is written", f632, loadError("access_points: ['1.2.3.4:00']\n" + MINIMAL));
    }

    @Test
    public void malformedAccessPoints() {
        String f633 = ": server: code = 633 description = \"invalid list of access points in configuration\"";
        assertEquals("invalid port \"x\"" + f633, loadError("access_points: ['1.2.3.4:x']\n" + MINIMAL));
        assertEquals("invalid port \"\"" + f633, loadError("access_points: ['host:']\n" + MINIMAL));
        assertEquals("address 1.2.3.4:1:: too many colons in address" + f633,
                loadError("access_points: ['1.2.3.4:1:']\n" + MINIMAL));
        assertEquals(633, loadFault("access_points: ['1.2.3.4:x']\n" + MINIMAL).fault().code());
        assertEquals("address [::1]:5:6: too many colons in address" + f633,
                loadError("access_points: ['[::1]:5:6']\n" + MINIMAL));
        assertEquals("address [::1: missing ']' in address" + f633, loadError("access_points: ['[::1']\n" + MINIMAL));
        assertEquals("address [::1]: missing port in address" + f633, loadError("access_points: ['[::1]']\n" + MINIMAL));
        assertEquals("address a]b:1: unexpected ']' in address" + f633, loadError("access_points: ['a]b:1']\n" + MINIMAL));
    }

    @Test
    public void accessPointPortsOutsideTheTcpRangeAreRejected() {
        // the reference's strconv.Atoi took signs and any size; HostPort takes 0..65535 only
        String f633 = ": server: code = 633 description = \"invalid list of access points in configuration\"";
        assertEquals("invalid port \"65536\"" + f633, loadError("access_points: ['1.2.3.4:65536']\n" + MINIMAL));
        assertEquals("invalid port \"+5\"" + f633, loadError("access_points: ['1.2.3.4:+5']\n" + MINIMAL));
        assertEquals("invalid port \"-5\"" + f633, loadError("access_points: ['1.2.3.4:-5']\n" + MINIMAL));
        assertEquals("the default port of an access point is the control port",
                "invalid port \"-5\"" + f633, loadError("port: -5\naccess_points: ['1.2.3.4']\n" + MINIMAL));
        assertEquals(633, loadFault("port: 70000\naccess_points: ['1.2.3.4']\n" + MINIMAL).fault().code());
    }

    @Test
    public void noServers() {
        assertEquals("server: code = 635 description = \"no DAOS IO Servers specified in configuration\"",
                loadError("provider: x\n"));
        assertEquals(635, loadFault("provider: x\nservers: []\n").fault().code());
    }

    private static String serverError(int i, String kind, String msg) {
        return "I/O server " + i + " failed config validation: " + kind + msg + ", examples: " + EXAMPLES
                + ": server: code = 630 description = \"insufficient information in configuration\"";
    }

    private static final String FABRIC = "fabric config validation failed: ";
    private static final String SCM = "storage config validation failed: scm config validation failed: ";

    @Test
    public void perServerFabricChecks() {
        assertEquals(serverError(0, FABRIC, "missing interface"),
                loadError("provider: p\nservers:\n- scm_mount: /m\n  scm_class: ram\n  scm_size: 1\n"));
        // an empty per-server provider inherits the (required) top-level one
        assertEquals(serverError(0, FABRIC, "missing interface"),
                loadError("provider: p\nservers:\n- provider: ''\n  scm_mount: /m\n"));
    }

    @Test
    public void perServerScmChecks() throws Exception {
        String base = "provider: p\nfabric_iface: eth0\nservers:\n- ";
        assertEquals(serverError(0, SCM, "no scm_mount set"), loadError(base + "scm_class: ram\n  scm_size: 1\n"));
        assertEquals(serverError(0, SCM, "scm_class not set"), loadError(base + "scm_mount: /m\n"));
        assertEquals(serverError(0, SCM, "scm_size may not be unset or 0 when scm_class is ram"),
                loadError(base + "scm_mount: /m\n  scm_class: ram\n"));
        assertEquals(serverError(0, SCM, "scm_size may not be unset or 0 when scm_class is ram"),
                loadError(base + "scm_mount: /m\n  scm_class: ram\n  scm_size: 0\n"));
        assertEquals(serverError(0, SCM, "scm_list may not be set when scm_class is ram"),
                loadError(base + "scm_mount: /m\n  scm_class: ram\n  scm_size: 1\n  scm_list: [/dev/pmem0]\n"));
        assertEquals(serverError(0, SCM, "scm_list must be set when scm_class is dcpm"),
                loadError(base + "scm_mount: /m\n  scm_class: dcpm\n"));
        assertEquals(serverError(0, SCM, "scm_size may not be set when scm_class is dcpm"),
                loadError(base + "scm_mount: /m\n  scm_class: dcpm\n  scm_size: 2\n  scm_list: [/dev/pmem0]\n"));
        assertEquals(serverError(0, SCM, "scm_list may have at most 1 devices"),
                loadError(base + "scm_mount: /m\n  scm_class: dcpm\n  scm_list: [/dev/pmem0, /dev/pmem1]\n"));
        load(base + "scm_mount: /m\n  scm_class: dcpm\n  scm_list: [/dev/pmem0]\n");
        load(base + "scm_mount: /m\n  scm_class: ram\n  scm_size: 1\n");
    }

    @Test
    public void secondServerIsValidatedWithItsIndex() {
        String two = MINIMAL + "- fabric_iface: eth1\n  scm_mount: /mnt/two\n";
        assertEquals(serverError(1, SCM, "scm_class not set"), loadError(two));
    }

    @Test
    public void fabricIsCheckedBeforeStorage() {
        assertEquals(serverError(0, FABRIC, "missing interface"), loadError("provider: p\nservers:\n- scm_class: ram\n"));
    }

    private static String two(String first, String second) {
        return "provider: ofi+sockets\nservers:\n"
                + "- fabric_iface: eth0\n  scm_mount: /mnt/a\n  scm_class: ram\n  scm_size: 1\n  log_file: /a.log\n"
                + first
                + "- fabric_iface: eth1\n  scm_mount: /mnt/b\n  scm_class: ram\n  scm_size: 1\n  log_file: /b.log\n"
                + second;
    }

    private static String twoDcpm(String dev0, String dev1) {
        return "provider: ofi+sockets\nservers:\n"
                + "- fabric_iface: eth0\n  scm_mount: /mnt/a\n  scm_class: dcpm\n  scm_list: [" + dev0 + "]\n"
                + "- fabric_iface: eth1\n  scm_mount: /mnt/b\n  scm_class: dcpm\n  scm_list: [" + dev1 + "]\n";
    }

    @Test
    public void twoDistinctServersPass() throws Exception {
        assertEquals(2, load(two("", "")).servers().size());
        load(twoDcpm("/dev/pmem0", "/dev/pmem1"));
    }

    @Test
    public void duplicateFabric() {
        FaultException e = loadFault(two("", "").replace("eth1", "eth0"));
        assertEquals("server: code = 638 description = \"the fabric configuration in IO server 1 is a duplicate of "
                + "server 0\"", e.getMessage());
        assertEquals("ensure that each IO server has a unique combination of provider,fabric_iface,fabric_iface_port "
                + "and restart", e.fault().resolution());
    }

    @Test
    public void sameInterfaceDifferentPortIsNotADuplicate() throws Exception {
        load(two("  fabric_iface_port: 1\n", "  fabric_iface_port: 2\n").replace("eth1", "eth0"));
    }

    @Test
    public void duplicateLogFile() {
        FaultException e = loadFault(two("", "").replace("/b.log", "/a.log"));
        assertEquals("server: code = 639 description = \"the log_file value in IO server 1 is a duplicate of "
                + "server 0\"", e.getMessage());
        assertEquals("ensure that each IO server has a unique log_file value and restart", e.fault().resolution());
    }

    @Test
    public void emptyLogFilesAreNotDuplicates() throws Exception {
        load(two("", "").replace("  log_file: /a.log\n", "").replace("  log_file: /b.log\n", ""));
    }

    @Test
    public void duplicateScmMount() {
        assertEquals("server: code = 640 description = \"the scm_mount value in IO server 1 is a duplicate of "
                + "server 0\"", loadError(two("", "").replace("/mnt/b", "/mnt/a")));
    }

    @Test
    public void duplicateScmList() {
        assertEquals("server: code = 641 description = \"the scm_list value in IO server 1 is a duplicate of "
                + "server 0\"", loadError(twoDcpm("/dev/pmem0", "/dev/pmem0")));
    }

    @Test
    public void overlappingBdevList() {
        FaultException e = loadFault(two("  bdev_list: [b, a]\n", "  bdev_list: [a]\n"));
        assertEquals("server: code = 642 description = \"the bdev_list value in IO server 1 overlaps with entries "
                + "in server 0\"", e.getMessage());
        assertEquals("ensure that each IO server has a unique set of bdev_list entries and restart",
                e.fault().resolution());
    }

    @Test
    public void uniquenessChecksRunInOrderFabricFirst() {
        String all = two("", "").replace("eth1", "eth0").replace("/b.log", "/a.log").replace("/mnt/b", "/mnt/a");
        assertEquals(638, loadFault(all).fault().code());
        assertEquals(639, loadFault(two("", "").replace("/b.log", "/a.log").replace("/mnt/b", "/mnt/a"))
                .fault().code());
    }

    @Test
    public void moreThanTwoServersAreKeptWithAWarning() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger("io.daos.control.config");
        log.addHandler(h);
        try {
            ServerConfig c = load(resource("three-servers.yml"));
            assertEquals(3, c.servers().size());
            assertEquals(2, c.servers().get(2).index());
            assertEquals("/mnt/c", c.servers().get(2).scmMount());
        } finally {
            log.removeHandler(h);
        }
        assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.WARNING
                && r.getMessage().contains("3 servers entries") && r.getMessage().contains("at most 2")));
    }

    // ---- files ----

    @Test
    public void missingFile() {
        Path p = tmp.getRoot().toPath().resolve("nope.yml");
        try {
            new ServerConfigLoader().load(p, HOST);
            fail();
        } catch (FaultException e) {
            assertEquals("failed to load config from " + p + ": stat " + p + ": no such file or directory",
                    e.getMessage());
        }
    }

    @Test
    public void directoryInsteadOfFile() {
        try {
            new ServerConfigLoader().load(tmp.getRoot().toPath(), HOST);
            fail();
        } catch (FaultException e) {
            assertTrue(e.getMessage(), e.getMessage().endsWith("is a directory"));
        }
    }

    @Test
    public void relativePathResolvesAgainstWorkingDirectory() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        Path file = Files.createTempFile(cwd.resolve("target"), "rel", ".yml");
        try {
            Files.writeString(file, MINIMAL);
            Path rel = cwd.relativize(file);
            assertFalse(rel.isAbsolute());
            ServerConfig c = new ServerConfigLoader().load(rel, HOST);
            assertEquals(file, c.configPath());
        } finally {
            Files.delete(file);
        }
    }

    @Test
    public void defaultExamplesDirIsNextToTheConfigDirectory() throws Exception {
        Path dir = tmp.newFolder("dist", "etc").toPath();
        Path file = dir.resolve("daos_server.yml");
        Files.writeString(file, "provider: p\nservers:\n-\n");
        try {
            new ServerConfigLoader().load(file, HOST);
            fail();
        } catch (FaultException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(", examples: "
                    + dir.getParent().resolve("utils/config/examples") + ": server: code = 630"));
        }
        try {
            new ServerConfigLoader().examplesDir(Path.of("/ex")).load(file, HOST);
            fail();
        } catch (FaultException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(", examples: /ex: server: code = 630"));
        }
    }

    @Test
    public void embeddedDefaultLoads() throws Exception {
        Path file = tmp.newFile("daos_server.yml").toPath();
        Files.writeString(file, resource("embedded-default.yml"));
        ServerConfig c = ServerConfigLoader.loadFile(file, CliOverrides.NONE);
        assertEquals(List.of("localhost:10001"), c.accessPoints());
        assertEquals(10001, c.port());
        assertTrue(c.allowInsecure());
        assertEquals("/tmp/daos-control/run", c.socketDir());
        assertEquals(2, c.servers().size());
        for (IOServerConfig s : c.servers()) {
            assertEquals(ScmClass.RAM, s.scmClass());
            assertEquals(BdevClass.FILE, s.bdevClass());
            assertEquals("lo", s.fabricIface());
            assertEquals("ofi+sockets", s.provider());
            assertEquals(1, s.bdevList().size());
            assertTrue(s.logFile().startsWith("/tmp/daos-control/log/"));
            assertEquals("/tmp/daos-control/run", s.socketDir());
        }
        assertFalse(c.servers().get(0).hostname().isEmpty());
    }

    @Test
    public void publishedConfigIsImmutable() throws Exception {
        ServerConfig c = load(MINIMAL);
        try {
            c.servers().clear();
            fail();
        } catch (UnsupportedOperationException expected) {
            assertEquals(1, c.servers().size());
        }
        try {
            c.accessPoints().add("x");
            fail();
        } catch (UnsupportedOperationException expected) {
            assertEquals(1, c.accessPoints().size());
        }
    }

    @Test
    public void withTargetsLeavesTheOriginalUntouched() throws Exception {
        IOServerConfig s = load(MINIMAL).servers().get(0);
        IOServerConfig t = s.withTargets(8);
        assertEquals(8, t.targets());
        assertEquals(0, s.targets());
        assertSame(s.getClass(), t.getClass());
    }
}
