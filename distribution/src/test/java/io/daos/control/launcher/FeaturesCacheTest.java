package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class FeaturesCacheTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final String XML = "<features xmlns='http://karaf.apache.org/xmlns/features/v1.4.0'>\n"
            + " <feature name='scr'><bundle start-level='10'>mvn:org.apache.felix/org.apache.felix.scr/2.2.12</bundle></feature>\n"
            + " <feature name='core'>\n"
            + "  <feature>scr</feature>\n"
            + "  <bundle start-level='30'>mvn:io.daos.control/io.daos.control.api/0.1.0-SNAPSHOT</bundle>\n"
            + "  <bundle>mvn:g.h/a/1.0/zip/cls</bundle>\n"
            + " </feature>\n"
            + "</features>\n";

    private final AtomicInteger parsed = new AtomicInteger();

    /** The descriptor {@link #XML} written as features.xml. */
    private Path xml() throws IOException {
        Path xml = tmp.getRoot().toPath().resolve("features.xml");
        Files.writeString(xml, XML);
        return xml;
    }

    private Features load(Path xml, Path cache) throws IOException {
        return FeaturesCache.load(xml, cache, f -> {
            parsed.incrementAndGet();
            return Features.parseXml(f);
        });
    }

    @Test
    public void anUnchangedFileIsReadFromTheCacheWithTheSameResult() throws Exception {
        Path xml = xml();
        Path cache = tmp.getRoot().toPath().resolve("data/features.cache");
        List<Features.BundleRef> first = load(xml, cache).resolve(List.of("core"));
        assertTrue(Files.exists(cache));
        Features again = load(xml, cache);
        assertEquals(1, parsed.get());
        assertEquals(first, again.resolve(List.of("core")));
        assertEquals(List.of("scr"), again.all().get("core").dependencies());
        assertEquals(0, again.all().get("core").bundles().get(1).startLevel());
    }

    @Test
    public void aChangedFileIsParsedAgain() throws Exception {
        Path xml = xml();
        Path cache = tmp.getRoot().toPath().resolve("features.cache");
        load(xml, cache);
        Files.writeString(xml, XML.replace("start-level='30'", "start-level='31'"));
        Files.setLastModifiedTime(xml, FileTime.fromMillis(Files.getLastModifiedTime(xml).toMillis() + 2000));
        Features f = load(xml, cache);
        assertEquals(2, parsed.get());
        assertEquals(31, f.all().get("core").bundles().get(0).startLevel());
    }

    @Test
    public void aCacheThatCannotBeReplacedLeavesNoTemporaryFile() throws Exception {
        Path xml = xml();
        Path cache = tmp.getRoot().toPath().resolve("features.cache");
        Files.createDirectories(cache.resolve("in-the-way")); // a non-empty folder where the cache goes
        assertEquals(2, load(xml, cache).all().size());
        assertEquals(2, load(xml, cache).all().size());
        assertEquals("parsed each time", 2, parsed.get());
        try (java.util.stream.Stream<Path> s = Files.list(cache.getParent())) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains(".tmp")).toList());
        }
    }

    @Test
    public void aMalformedCacheIsIgnoredAndAMissingFileStillFailsAsBefore() throws Exception {
        Path xml = xml();
        Path cache = tmp.getRoot().toPath().resolve("features.cache");
        load(xml, cache);
        List<String> lines = Files.readAllLines(cache);
        Files.write(cache, List.of(lines.get(0), "X nonsense"));
        assertEquals(2, load(xml, cache).all().size());
        assertEquals(2, parsed.get());
        try {
            load(tmp.getRoot().toPath().resolve("absent.xml"), cache);
            throw new AssertionError("expected an IOException");
        } catch (IOException expected) {
            assertFalse(expected.getMessage().isEmpty());
        }
    }
}
