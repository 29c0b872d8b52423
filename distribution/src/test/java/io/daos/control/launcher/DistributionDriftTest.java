package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * No drift between the three descriptions of the distribution: the features descriptor
 * (etc/features.xml), the bundles staged into system/ (this module's runtime dependencies) and
 * what the launcher installs at boot (etc/config.properties' daos.features.boot).
 */
public class DistributionDriftTest {

    private final Path staging = Path.of(System.getProperty("daos.staging.dir", "target/staging"));
    private final Path distSrc = Path.of(System.getProperty("daos.dist.src", "src/main/dist"));

    private Features features() throws Exception {
        return Features.parse(staging.resolve("etc/features.xml"));
    }

    @Test
    public void everyFeatureBundleIsInSystemAndNothingElseIs() throws Exception {
        Set<String> named = new TreeSet<>();
        for (Features.Feature f : features().all().values()) {
            for (Features.BundleRef b : f.bundles()) {
                named.add(b.relativePath());
            }
        }
        Path system = staging.resolve("system");
        Set<String> present;
        try (Stream<Path> s = Files.walk(system)) {
            present = s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".jar"))
                    .map(p -> system.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals("system/ must hold exactly the bundles named in features.xml", named, present);
        assertFalse(named.isEmpty());
    }

    /** system/ is a Maven repository Apache Karaf installs from: the descriptor is in it too. */
    @Test
    public void theFeaturesDescriptorIsInSystemAtItsMavenPath() throws Exception {
        Path inSystem;
        try (Stream<Path> s = Files.walk(staging.resolve("system/io/daos/control/io.daos.control.features"))) {
            inSystem = s.filter(p -> p.getFileName().toString().endsWith("-features.xml")).findFirst().orElseThrow();
        }
        String v = inSystem.getParent().getFileName().toString();
        assertEquals(new Features.BundleRef("mvn:io.daos.control/io.daos.control.features/" + v + "/xml/features", 0)
                .relativePath(), staging.resolve("system").relativize(inSystem).toString().replace('\\', '/'));
        assertEquals(Files.readString(staging.resolve("etc/features.xml")), Files.readString(inSystem));
    }

    @Test
    public void bootFeaturesAreWhatTheLauncherInstalls() throws Exception {
        Map<String, String> raw = Props.load(distSrc.resolve("etc/config.properties"));
        Properties sys = new Properties();
        sys.setProperty("daos.home", staging.toString());
        Map<String, String> fw = Props.resolve(raw, sys, Map.of());
        List<String> boot = FrameworkProperties.split(fw.get(FrameworkProperties.BOOT));
        assertEquals(List.of("daos-server"), boot);
        assertEquals(staging.resolve("etc/features.xml").toString(), fw.get(FrameworkProperties.FEATURES));
        assertEquals(staging.resolve("system").toString(), fw.get(FrameworkProperties.SYSTEM));

        List<Features.BundleRef> refs = features().resolve(boot);
        Set<String> artifacts = new TreeSet<>();
        for (Features.BundleRef r : refs) {
            Path jar = Path.of(fw.get(FrameworkProperties.SYSTEM)).resolve(r.relativePath());
            assertTrue("boot bundle missing: " + jar, Files.isRegularFile(jar));
            assertTrue(r.url() + " has an explicit start level", r.startLevel() > 0);
            assertTrue(Provisioner.location(r).startsWith(Provisioner.SYSTEM_PREFIX));
            artifacts.add(r.url().split("/")[1]);
        }
        // the core is booted; the examples are not (they are for deploy/)
        assertTrue(artifacts.containsAll(Set.of("org.apache.felix.scr", "io.daos.control.api",
                "io.daos.control.proto", "io.daos.control.config", "io.daos.control.rpc.server",
                "io.daos.control.grpc.runtime", "snakeyaml", "failureaccess",
                // daos-server: every concern
                "io.daos.control.security", "io.daos.control.storage.scm", "io.daos.control.storage.nvme",
                "io.daos.control.harness", "io.daos.control.control", "io.daos.control.management",
                "io.daos.control.ratis.runtime", "io.daos.control.fanout")));
        assertTrue(artifacts.stream().noneMatch(a -> a.startsWith("io.daos.control.example")));
        for (Features.BundleRef r : features().all().get("daos-examples").bundles()) {
            assertTrue(r.url(), r.url().startsWith("mvn:io.daos.control/io.daos.control.example."));
        }
    }
}
