package io.daos.control.itest.bundles;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * Reads the manifest of every bundle of ours the assembled distribution ships ({@code system/} and
 * {@code examples/}) and fails when one imports another bundle's package: of our packages only
 * {@code io.daos.control.api*}, {@code io.daos.control.proto*}, {@code io.daos.control.jna*} and
 * its own may appear in its {@code Import-Package}.
 */
public class BundleImportsIT {

    static Path distribution() {
        String given = System.getProperty("daos.dist.dir");
        Path d = Path.of(given != null ? given : "../distribution/target/daos-control");
        assertTrue("assembled distribution not found at " + d.toAbsolutePath(), Files.isDirectory(d.resolve("system")));
        return d;
    }

    /** Symbolic name → manifest, for every io.daos.control bundle in the tree. */
    static TreeMap<String, Manifest> ourBundles(Path dist) throws IOException {
        TreeMap<String, Manifest> out = new TreeMap<>();
        List<Path> jars = new ArrayList<>();
        for (String dir : List.of("system", "examples")) {
            Path d = dist.resolve(dir);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.walk(d)) {
                    s.filter(p -> p.toString().endsWith(".jar")).forEach(jars::add);
                }
            }
        }
        for (Path jar : jars) {
            try (JarFile j = new JarFile(jar.toFile())) {
                Manifest m = j.getManifest();
                String bsn = m == null ? null : m.getMainAttributes().getValue("Bundle-SymbolicName");
                if (bsn != null && bsn.startsWith("io.daos.control.")) {
                    out.put(bsn.split(";")[0].trim(), m);
                }
            }
        }
        return out;
    }

    @Test
    public void everyBundleImportsOnlyTheApiTheContractTheBindingsAndItself() throws IOException {
        TreeMap<String, Manifest> bundles = ourBundles(distribution());
        // the tree ships the whole node: a missing bundle would make this test prove nothing
        for (String expected : List.of("io.daos.control.api", "io.daos.control.harness", "io.daos.control.control",
                "io.daos.control.management", "io.daos.control.fanout", "io.daos.control.rpc.server",
                "io.daos.control.drpc", "io.daos.control.config", "io.daos.control.storage.scm",
                "io.daos.control.storage.nvme", "io.daos.control.network", "io.daos.control.example.echo")) {
            assertTrue(expected + " not found in the distribution: " + bundles.keySet(), bundles.containsKey(expected));
        }
        List<String> problems = new ArrayList<>();
        bundles.forEach((bsn, m) -> {
            List<String> exports = ImportRules.packages(m.getMainAttributes().getValue("Export-Package"));
            List<String> imports = ImportRules.packages(m.getMainAttributes().getValue("Import-Package"));
            for (String bad : ImportRules.violations(bsn, exports, imports)) {
                problems.add(bsn + " imports " + bad);
            }
        });
        assertEquals("bundles reaching into another bundle's packages", List.of(), problems);
    }
}
