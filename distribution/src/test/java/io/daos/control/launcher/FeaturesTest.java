package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.Test;

public class FeaturesTest {

    private static final String XML = "<?xml version='1.0'?>\n"
            + "<features name='t' xmlns='http://karaf.apache.org/xmlns/features/v1.4.0'>\n"
            + " <feature name='scr' version='1'>\n"
            + "  <bundle start-level='10'>mvn:org.apache.felix/org.apache.felix.scr/2.2.12</bundle>\n"
            + " </feature>\n"
            + " <feature name='lib'>\n"
            + "  <bundle start-level='20'>mvn:com.google.guava/guava/33.4.8-jre</bundle>\n"
            + "  <bundle>mvn:g.h/a/1.0/zip/cls</bundle>\n"
            + " </feature>\n"
            + " <feature name='core'>\n"
            + "  <feature prerequisite='true'>scr</feature>\n"
            + "  <feature>lib</feature>\n"
            + "  <bundle start-level='30'>mvn:io.daos.control/io.daos.control.api/0.1.0-SNAPSHOT</bundle>\n"
            + "  <bundle start-level='99'>mvn:com.google.guava/guava/33.4.8-jre</bundle>\n"
            + " </feature>\n"
            + "</features>\n";

    private static Features parse(String xml) throws IOException {
        return Features.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "test.xml");
    }

    @Test
    public void resolvesDependenciesFirstWithoutDuplicates() throws Exception {
        List<Features.BundleRef> refs = parse(XML).resolve(List.of("core"));
        assertEquals(List.of(
                "mvn:org.apache.felix/org.apache.felix.scr/2.2.12",
                "mvn:com.google.guava/guava/33.4.8-jre",
                "mvn:g.h/a/1.0/zip/cls",
                "mvn:io.daos.control/io.daos.control.api/0.1.0-SNAPSHOT"),
                refs.stream().map(Features.BundleRef::url).collect(Collectors.toList()));
        assertEquals(10, refs.get(0).startLevel());
        assertEquals(20, refs.get(1).startLevel()); // first occurrence wins
        assertEquals(0, refs.get(2).startLevel());
    }

    /** Issue 16: features naming features naming features (daos-server's shape), shared ones once. */
    @Test
    public void resolvesNestedFeaturesAndSharedDependenciesOnce() throws Exception {
        String xml = "<features name='t' xmlns='http://karaf.apache.org/xmlns/features/v1.4.0'>\n"
                + " <feature name='base'><bundle dependency='true' start-level='5'>mvn:g/base/1</bundle></feature>\n"
                + " <feature name='core'><feature prerequisite='true'>base</feature><bundle>mvn:g/core/1</bundle></feature>\n"
                + " <feature name='harness'><feature>core</feature><bundle>mvn:g/harness/1</bundle></feature>\n"
                + " <feature name='control'><feature>core</feature><feature>harness</feature>"
                + "<bundle>mvn:g/control/1</bundle></feature>\n"
                + " <feature name='server'><feature>control</feature><feature>harness</feature></feature>\n"
                + "</features>\n";
        List<Features.BundleRef> refs = parse(xml).resolve(List.of("server"));
        // the launcher installs a dependency="true" bundle too (it has no resolver to decide)
        assertEquals(List.of("mvn:g/base/1", "mvn:g/core/1", "mvn:g/harness/1", "mvn:g/control/1"),
                refs.stream().map(Features.BundleRef::url).collect(Collectors.toList()));
        assertEquals(5, refs.get(0).startLevel());
    }

    @Test
    public void mapsMavenUrlsToRepositoryLayout() {
        assertEquals("org/apache/felix/org.apache.felix.scr/2.2.12/org.apache.felix.scr-2.2.12.jar",
                new Features.BundleRef("mvn:org.apache.felix/org.apache.felix.scr/2.2.12", 0).relativePath());
        assertEquals("g/h/a/1.0/a-1.0-cls.zip", new Features.BundleRef("mvn:g.h/a/1.0/zip/cls", 0).relativePath());
        for (String bad : new String[] {"file:/x.jar", "mvn:g/a", "mvn:g//1"}) {
            try {
                new Features.BundleRef(bad, 0).relativePath();
                fail(bad);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains(bad));
            }
        }
    }

    @Test
    public void unknownFeatureNamesTheKnownOnes() throws Exception {
        try {
            parse(XML).resolve(List.of("nope"));
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("unknown feature \"nope\" (known: scr, lib, core)", e.getMessage());
        }
    }

    @Test
    public void cyclesAndBadXmlAreClearErrors() throws Exception {
        String cyc = "<features xmlns='http://karaf.apache.org/xmlns/features/v1.4.0'>"
                + "<feature name='a'><feature>b</feature></feature>"
                + "<feature name='b'><feature>a</feature></feature></features>";
        try {
            parse(cyc).resolve(List.of("a"));
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("feature dependency cycle: a -> b -> a", e.getMessage());
        }
        try {
            parse("<features><feature name='a'>");
            fail();
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("cannot parse features file test.xml"));
        }
        try {
            parse("<features><feature name='a'><bundle start-level='x'>mvn:a/b/1</bundle></feature></features>");
            fail();
        } catch (IOException e) {
            assertEquals("bad start-level \"x\" in feature a of test.xml", e.getMessage());
        }
    }
}
