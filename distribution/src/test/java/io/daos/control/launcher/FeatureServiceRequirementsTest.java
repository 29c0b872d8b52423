package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;

/**
 * Every feature installs in a resolver that enforces Declarative Services' service requirements
 * (stock Apache Karaf): each mandatory {@code osgi.service} requirement of a feature's bundles
 * (bnd writes one per mandatory DS reference) has a provider among the bundles of that feature
 * and of the features it names. A component that registers a service by hand declares it with
 * {@code @Capability(namespace = "osgi.service", …)}; forgetting that fails here, not first in Karaf.
 */
public class FeatureServiceRequirementsTest {

    private final Path staging = Path.of(System.getProperty("daos.staging.dir", "target/staging"));

    private Features features() throws Exception {
        return Features.parse(staging.resolve("etc/features.xml"));
    }

    /** feature name → the mandatory service requirements nobody in it provides (bundle: class). */
    private Map<String, List<String>> unmet() throws Exception {
        Features all = features();
        Map<String, List<String>> unmet = new java.util.TreeMap<>();
        for (String name : all.all().keySet()) {
            List<ServiceCapabilities> caps = new ArrayList<>();
            for (Features.BundleRef r : all.resolve(List.of(name))) {
                caps.add(ServiceCapabilities.of(staging.resolve("system").resolve(r.relativePath())));
            }
            Set<String> provided = new TreeSet<>();
            caps.forEach(c -> provided.addAll(c.provided()));
            List<String> missing = new ArrayList<>();
            for (ServiceCapabilities c : caps) {
                for (String req : c.required()) {
                    if (!provided.contains(req)) {
                        missing.add(c.bundle() + ": " + req);
                    }
                }
            }
            if (!missing.isEmpty()) {
                unmet.put(name, missing);
            }
        }
        return unmet;
    }

    @Test
    public void everyMandatoryServiceRequirementHasAProviderInItsFeature() throws Exception {
        assertEquals("mandatory osgi.service requirements without a provider in the feature "
                + "(declare hand-registered services with @Capability, or name the providing feature)",
                Map.of(), unmet());
    }

    @Test
    public void theScanSeesTheRequirementsAndTheHandRegisteredServices() throws Exception {
        // the check is only as good as its reading of the manifests: the rpc-server's one
        // mandatory requirement, and the config bundle's hand-registered ServerConfig
        Features all = features();
        ServiceCapabilities rpc = null;
        ServiceCapabilities config = null;
        for (Features.BundleRef r : all.resolve(List.of("daos-core"))) {
            ServiceCapabilities c = ServiceCapabilities.of(staging.resolve("system").resolve(r.relativePath()));
            if (c.bundle().equals("io.daos.control.rpc.server")) {
                rpc = c;
            } else if (c.bundle().equals("io.daos.control.config")) {
                config = c;
            }
        }
        assertTrue(rpc != null && config != null);
        assertEquals(Set.of("io.daos.control.api.config.ServerConfig"), rpc.required());
        assertTrue(config.provided().contains("io.daos.control.api.config.ServerConfig"));
    }

    @Test
    public void headerClausesKeepQuotedSeparators() {
        List<Map<String, String>> c = ServiceCapabilities.clauses(
                "osgi.service;objectClass:List<String>=\"a.A,b.B\";uses:=\"a,b\",osgi.extender;osgi.extender=x");
        assertEquals(2, c.size());
        assertEquals("osgi.service", c.get(0).get(""));
        assertEquals("a.A,b.B", c.get(0).get("objectClass:List<String>"));
        assertEquals("a,b", c.get(0).get("uses:"));
        assertEquals("x", c.get(1).get("osgi.extender"));
        assertFalse(ServiceCapabilities.clauses(null).iterator().hasNext());
    }
}
