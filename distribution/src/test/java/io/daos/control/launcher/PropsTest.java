package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.Test;

public class PropsTest {

    @Test
    public void substitutesFromPropsThenSystemThenEnv() {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("daos.home", "/opt/daos");
        raw.put("storage", "${daos.home}/data/cache");
        raw.put("nested", "${storage}/x-${sys}-${ENVV}-${missing}!");
        Properties sys = new Properties();
        sys.setProperty("sys", "S");
        Map<String, String> out = Props.resolve(raw, sys, Map.of("ENVV", "E"));
        assertEquals("/opt/daos/data/cache", out.get("storage"));
        assertEquals("/opt/daos/data/cache/x-S-E-!", out.get("nested"));
    }

    @Test
    public void systemPropertiesOverrideAndExtend() {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("daos.features.boot", "a,b");
        raw.put("other", "${daos.features.boot}");
        Properties sys = new Properties();
        sys.setProperty("daos.features.boot", "c");
        sys.setProperty("felix.x", "1");
        sys.setProperty("user.name", "nobody");
        Map<String, String> out = Props.resolve(raw, sys, Map.of());
        assertEquals("c", out.get("daos.features.boot"));
        assertEquals("c", out.get("other"));
        assertEquals("1", out.get("felix.x"));
        assertEquals(null, out.get("user.name"));
    }

    @Test
    public void nestedNames() {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("which", "a");
        raw.put("v.a", "A");
        raw.put("r", "${v.${which}}");
        assertEquals("A", Props.resolve(raw, new Properties(), Map.of()).get("r"));
    }

    @Test
    public void cyclesAreAnError() {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("a", "${b}");
        raw.put("b", "${a}");
        try {
            Props.resolve(raw, new Properties(), Map.of());
            fail("cycle not detected");
        } catch (IllegalArgumentException e) {
            assertEquals(true, e.getMessage().startsWith("recursive variable reference"));
        }
    }

    @Test
    public void unterminatedReferenceIsLeftAlone() {
        assertEquals("x${y", Props.resolve(Map.of("k", "x${y"), new Properties(), Map.of()).get("k"));
    }
}
