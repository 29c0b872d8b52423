package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;

/**
 * lib/inventory.classpath (the class path bin/daos_server adds for storage and network) names
 * exactly the jars those commands need, each present in the staged system/ (no second copy).
 */
public class InventoryClasspathTest {

    private final Path staging = Path.of(System.getProperty("daos.staging.dir", "target/staging"));

    @Test
    public void everyEntryIsAStagedSystemJar() throws Exception {
        List<String> entries = new ArrayList<>();
        for (String line : Files.readAllLines(staging.resolve("lib/inventory.classpath"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                entries.add(line);
            }
        }
        Set<String> artifacts = new TreeSet<>();
        for (String e : entries) {
            assertTrue(e, e.startsWith("system/") && e.endsWith(".jar") && !e.contains("${"));
            assertTrue("not staged: " + e, Files.isRegularFile(staging.resolve(e)));
            String[] parts = e.split("/");
            artifacts.add(parts[parts.length - 3]);
        }
        assertEquals(new TreeSet<>(List.of("io.daos.control.api", "io.daos.control.config", "snakeyaml", "jna",
                "io.daos.control.native.jna", "io.daos.control.storage.scm", "io.daos.control.storage.nvme",
                "io.daos.control.network")), artifacts);
        assertEquals(entries.size(), artifacts.size());
    }
}
