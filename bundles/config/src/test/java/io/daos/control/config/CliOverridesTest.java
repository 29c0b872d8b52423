package io.daos.control.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.fault.FaultException;

public class CliOverridesTest {

    static final String TWO = "provider: ofi+sockets\nmodules: file_mods\nname: file_name\nsocket_dir: /file\n"
            + "servers:\n"
            + "- fabric_iface: eth0\n  scm_mount: /mnt/a\n  scm_class: ram\n  scm_size: 1\n  targets: 4\n"
            + "  nr_xs_helpers: 3\n  first_core: 5\n"
            + "- fabric_iface: eth1\n  scm_mount: /mnt/b\n  scm_class: ram\n  scm_size: 1\n  targets: 4\n"
            + "  nr_xs_helpers: 3\n  first_core: 5\n";

    static ServerConfig load(CliOverrides.Builder b) throws FaultException {
        return new ServerConfigLoader().loadText(TWO, ServerConfigLoaderTest.FILE, b.hostname("node1").build());
    }

    static CliOverrides.Builder flags() {
        return CliOverrides.builder();
    }

    @Test
    public void noFlagsChangeNothingButTheHostname() throws Exception {
        ServerConfig c = load(flags());
        ServerConfig parsed = new ServerConfigLoader().parseText(TWO, ServerConfigLoaderTest.FILE);
        assertEquals(ServerConfigWriter.toYaml(parsed).replace("localhost:10001", "X"),
                ServerConfigWriter.toYaml(c).replace("localhost:10001", "X"));
        for (IOServerConfig s : c.servers()) {
            assertEquals("node1", s.hostname());
        }
        assertEquals("", parsed.servers().get(0).hostname());
    }

    @Test
    public void port() throws Exception {
        assertEquals(42, load(flags().port(42)).port());
        assertEquals(10001, load(flags().port(0)).port());
    }

    @Test
    public void storageSetsOnlyTheFirstServersMount() throws Exception {
        ServerConfig c = load(flags().storage("/foo/bar"));
        assertEquals("/foo/bar", c.servers().get(0).scmMount());
        assertEquals("/mnt/b", c.servers().get(1).scmMount());
        assertEquals("/mnt/a", load(flags().storage("")).servers().get(0).scmMount());
    }

    @Test
    public void modulesApplyWhenGivenEvenEmpty() throws Exception {
        ServerConfig c = load(flags().modules("foo,bar"));
        assertEquals("foo,bar", c.modules());
        assertEquals("foo,bar", c.servers().get(1).modules());
        ServerConfig e = load(flags().modules(""));
        assertEquals("", e.modules());
        assertEquals("", e.servers().get(0).modules());
        assertEquals("file_mods", load(flags()).servers().get(0).modules());
    }

    @Test
    public void targetsOnlyWhenPositive() throws Exception {
        assertEquals(42, load(flags().targets(42)).servers().get(1).targets());
        assertEquals(4, load(flags().targets(0)).servers().get(1).targets());
    }

    @Test
    public void helpersWhenGivenZeroHonoured() throws Exception {
        assertEquals(0, load(flags().xsHelperNr(0)).servers().get(0).nrXsHelpers());
        assertEquals(1, load(flags().xsHelperNr(1)).servers().get(1).nrXsHelpers());
        assertEquals(3, load(flags()).servers().get(1).nrXsHelpers());
    }

    @Test
    public void firstCoreOnlyWhenPositive() throws Exception {
        assertEquals(42, load(flags().firstCore(42)).servers().get(0).firstCore());
        assertEquals(5, load(flags().firstCore(0)).servers().get(0).firstCore());
    }

    @Test
    public void groupAndSocketDirTopAndAll() throws Exception {
        ServerConfig c = load(flags().group("foo").socketDir("/foo/bar"));
        assertEquals("foo", c.systemName());
        assertEquals("/foo/bar", c.socketDir());
        for (IOServerConfig s : c.servers()) {
            assertEquals("foo", s.name());
            assertEquals("/foo/bar", s.socketDir());
        }
        ServerConfig none = load(flags().group("").socketDir(""));
        assertEquals("file_name", none.systemName());
        assertEquals("/file", none.servers().get(1).socketDir());
    }

    @Test
    public void insecureOnlySetsTrue() throws Exception {
        assertTrue(load(flags().insecure(true)).allowInsecure());
        assertFalse(load(flags().insecure(false)).allowInsecure());
        ServerConfig c = new ServerConfigLoader().loadText("transport_config:\n  allow_insecure: true\n" + TWO,
                ServerConfigLoaderTest.FILE, flags().insecure(false).hostname("h").build());
        assertTrue(c.allowInsecure());
    }

    @Test
    public void overridesApplyBeforeValidation() {
        try {
            new ServerConfigLoader().loadText(TWO, ServerConfigLoaderTest.FILE,
                    flags().storage("/mnt/b").hostname("h").build());
            fail();
        } catch (FaultException e) {
            assertEquals(640, e.fault().code());
        }
    }

    @Test
    public void fromPropertiesAbsentMeansNotGiven() {
        CliOverrides o = CliOverrides.fromProperties(k -> null);
        assertNull(o.port());
        assertNull(o.storage());
        assertNull(o.modules());
        assertNull(o.targets());
        assertNull(o.xsHelperNr());
        assertNull(o.firstCore());
        assertNull(o.group());
        assertNull(o.socketDir());
        assertFalse(o.insecure());
        assertFalse(o.recreateSuperblocks());
    }

    @Test
    public void fromPropertiesReadsEveryName() {
        Map<String, String> p = new HashMap<>();
        p.put("daos.cli.port", "42");
        p.put("daos.cli.storage", "/s");
        p.put("daos.cli.modules", "");
        p.put("daos.cli.targets", "8");
        p.put("daos.cli.xshelpernr", "0");
        p.put("daos.cli.firstcore", "65535");
        p.put("daos.cli.group", "g");
        p.put("daos.cli.socket_dir", "/d");
        p.put("daos.cli.insecure", "true");
        p.put("daos.cli.recreate_superblocks", "");
        CliOverrides o = CliOverrides.fromProperties(p::get);
        assertEquals(Integer.valueOf(42), o.port());
        assertEquals("/s", o.storage());
        assertEquals("", o.modules());
        assertEquals(Integer.valueOf(8), o.targets());
        assertEquals(Integer.valueOf(0), o.xsHelperNr());
        assertEquals(Integer.valueOf(65535), o.firstCore());
        assertEquals("g", o.group());
        assertEquals("/d", o.socketDir());
        assertTrue(o.insecure());
        assertTrue(o.recreateSuperblocks());
    }

    @Test
    public void fromPropertiesRejectsBadValuesWithOneLine() {
        for (String bad : List.of("abc", "-1", "65536", "", "1.5")) {
            try {
                CliOverrides.fromProperties(k -> k.equals("daos.cli.targets") ? bad : null);
                fail(bad);
            } catch (IllegalArgumentException e) {
                assertEquals("invalid value \"" + bad + "\" for daos.cli.targets: expected an integer in [0, 65535]",
                        e.getMessage());
            }
        }
        try {
            CliOverrides.fromProperties(k -> k.equals("daos.cli.insecure") ? "yes please" : null);
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("invalid value \"yes please\" for daos.cli.insecure: expected true or false", e.getMessage());
        }
    }

    @Test(expected = IllegalArgumentException.class)
    public void builderRejectsNonUint16() {
        flags().port(70000);
    }
}
