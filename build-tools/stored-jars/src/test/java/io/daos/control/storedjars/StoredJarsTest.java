package io.daos.control.storedjars;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class StoredJarsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final FileTime WHEN = FileTime.fromMillis(1_600_000_000_000L);

    /** A deflated jar: a manifest, a folder, two "classes" and {@code nested} (when not null) as lib/inner.jar. */
    private static byte[] jar(byte[] nested) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().putValue("Manifest-Version", "1.0");
        mf.getMainAttributes().putValue("Bundle-SymbolicName", "x.y");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(buf, mf)) {
            out.putNextEntry(new ZipEntry("x/"));
            out.closeEntry();
            for (String name : List.of("x/A.class", "x/B.class")) {
                ZipEntry e = new ZipEntry(name);
                e.setLastModifiedTime(WHEN);
                out.putNextEntry(e);
                out.write(("class bytes of " + name + " ").repeat(200).getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            if (nested != null) {
                out.putNextEntry(new ZipEntry("lib/inner.jar"));
                out.write(nested);
                out.closeEntry();
            }
        }
        return buf.toByteArray();
    }

    /** name → (method, bytes) of every entry, in order; nested jars as their own listing's text. */
    private static Map<String, String> listing(byte[] zip, boolean withMethod) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                byte[] data = z.readAllBytes();
                String content = e.getName().endsWith(".jar") ? listing(data, withMethod).toString()
                        : new String(data, StandardCharsets.ISO_8859_1);
                out.put(e.getName(), (withMethod ? e.getMethod() + " " : "") + content);
            }
        }
        return out;
    }

    @Test
    public void everyEntryIsStoredNestedJarsTooWithTheSameNamesOrderAndBytes() throws IOException {
        byte[] original = jar(jar(null));
        Path f = tmp.newFolder("system", "a").toPath().resolve("a-1.jar");
        Files.write(f, original);

        assertTrue(StoredJars.store(f));

        byte[] after = Files.readAllBytes(f);
        assertEquals("the same entries, in the same order, with the same bytes",
                listing(original, false), listing(after, false));
        for (String entry : listing(after, true).values()) {
            assertTrue(entry, entry.startsWith("0 ")); // ZipEntry.STORED, nested entries included
        }
        assertTrue(StoredJars.allStored(after));
        assertFalse(StoredJars.allStored(original));
        // still a jar a JarFile reads: the manifest first, entry times kept
        try (JarFile j = new JarFile(f.toFile())) {
            assertEquals("x.y", j.getManifest().getMainAttributes().getValue("Bundle-SymbolicName"));
            assertEquals(WHEN.toMillis() / 2000, j.getEntry("x/A.class").getLastModifiedTime().toMillis() / 2000);
            assertEquals(ZipEntry.STORED, j.getEntry("x/B.class").getMethod());
        }
    }

    @Test
    public void aJarAlreadyStoredIsNotRewritten() throws IOException {
        Path f = tmp.newFile("b.jar").toPath();
        Files.write(f, jar(null));
        assertTrue(StoredJars.store(f));
        byte[] once = Files.readAllBytes(f);
        FileTime mtime = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(f, mtime);

        assertFalse(StoredJars.store(f));
        assertArrayEquals(once, Files.readAllBytes(f));
        assertEquals(mtime, Files.getLastModifiedTime(f));
    }

    @Test
    public void mainRewritesTheJarsUnderEveryFolderAndLeavesOtherFiles() throws IOException {
        Path sys = tmp.newFolder("sys").toPath();
        Path deep = Files.createDirectories(sys.resolve("org/x/1.0"));
        Files.write(deep.resolve("x-1.0.jar"), jar(jar(null)));
        Files.write(sys.resolve("features.xml"), "<features/>".getBytes(StandardCharsets.UTF_8));

        StoredJars.main(new String[] {sys.toString()});

        assertTrue(StoredJars.allStored(Files.readAllBytes(deep.resolve("x-1.0.jar"))));
        assertEquals("<features/>", Files.readString(sys.resolve("features.xml")));
        assertEquals(List.of(deep.resolve("x-1.0.jar")), StoredJars.jars(sys));
        try (var s = Files.list(deep)) {
            assertEquals("no temporary file left", 1, s.count());
        }
    }

    @Test
    public void aJarThatIsNotAZipFailsWithItsPathAndIsLeftAsItWas() throws IOException {
        Path f = tmp.newFile("broken.jar").toPath();
        Files.writeString(f, "not a zip");
        IOException e = assertThrows(IOException.class, () -> StoredJars.store(f));
        assertTrue(e.getMessage(), e.getMessage().startsWith(f + ": not a readable jar"));
        assertEquals("not a zip", Files.readString(f));
    }

    @Test
    public void anEmptyZipIsRefusedToo() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new ZipOutputStream(buf).close();
        Path f = tmp.newFile("empty.jar").toPath();
        Files.write(f, buf.toByteArray());
        assertThrows(IOException.class, () -> StoredJars.store(f));
    }

    @Test
    public void noFolderIsAUsageError() {
        assertThrows(IllegalArgumentException.class, () -> StoredJars.main(new String[0]));
    }
}
