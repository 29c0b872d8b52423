package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The check of an instance's superblock after a crash (SPEC-SERVER §4.9) for the crash tests of
 * this package and of the reliability suite: a superblock is absent or complete and sane, never
 * torn; {@code superblock.staging} is the only other superblock-like file.
 */
public final class Superblocks {

    private static final List<String> SB_KEYS =
            List.of("version", "uuid", "system", "rank", "validrank", "ms", "createms", "bootstrapms");

    private Superblocks() {
    }

    /**
     * The superblock of instance {@code i} in {@code scm}: absent, or complete and sane (§4.9); no
     * other superblock-like file. Returns what was found (for the log); fails the test otherwise.
     */
    public static String check(Path scm, int i) throws IOException {
        if (!Files.isDirectory(scm)) {
            return "no-dir";
        }
        List<String> names;
        try (Stream<Path> s = Files.list(scm)) {
            names = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("superblock")).sorted().toList();
        }
        for (String n : names) {
            assertTrue("unexpected file " + scm.resolve(n), n.equals("superblock") || n.equals("superblock.staging"));
        }
        Path sb = scm.resolve("superblock");
        if (!Files.exists(sb)) {
            return names.isEmpty() ? "absent" : "absent(+staging)";
        }
        String text = Files.readString(sb);
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        assertTrue("superblock of instance " + i + " is not a map: " + text, loaded instanceof Map);
        Map<?, ?> m = (Map<?, ?>) loaded;
        assertEquals("keys of " + sb + ":\n" + text, SB_KEYS, new ArrayList<>(m.keySet()));
        assertEquals(text, 0, m.get("version"));
        String uuid = (String) m.get("uuid");
        assertNotNull(text, uuid);
        assertEquals(text, 4, UUID.fromString(uuid).version());
        assertEquals(text, "daos_server", m.get("system"));
        for (String b : List.of("validrank", "ms", "createms", "bootstrapms")) {
            assertTrue(b + " not a bool: " + text, m.get(b) instanceof Boolean);
        }
        Object rank = m.get("rank");
        assertTrue(text, rank == null || rank instanceof Integer || rank instanceof Long);
        if (rank != null) {
            long r = ((Number) rank).longValue();
            assertTrue(text, r >= 0 && r < 4294967295L);
        }
        boolean validrank = (Boolean) m.get("validrank");
        boolean ms = (Boolean) m.get("ms");
        boolean createms = (Boolean) m.get("createms");
        boolean bootstrapms = (Boolean) m.get("bootstrapms");
        assertTrue("validrank without rank: " + text, !validrank || rank != null);
        assertTrue("bootstrapms without createms: " + text, !bootstrapms || createms);
        assertTrue("createms without ms: " + text, !createms || ms);
        if (i == 0) { // the bootstrap replica: rank 0, always valid
            assertTrue(text, ms && validrank && ((Number) rank).longValue() == 0);
        } else {
            assertFalse(text, ms || createms || bootstrapms);
        }
        return "complete(rank " + rank + ", validrank " + validrank + ", createms " + createms + ")"
                + (names.contains("superblock.staging") ? "(+staging)" : "");
    }

}
