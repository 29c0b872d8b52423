package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.Rule;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

import io.daos.control.launcher.linkfixture.Base;
import io.daos.control.launcher.linkfixture.Initialised;
import io.daos.control.launcher.linkfixture.Sub;

/** The recording start links the bundle classes its class-load log names, and initialises none. */
public class ArchiveLinkerTest {

    @Rule
    public TestSupport.Felix felix = new TestSupport.Felix("archive-linker", true);

    /**
     * A bundle holding {@code classes} (their class files from this test's class path); in
     * {@link Sub}'s, the superclass is renamed to one that exists nowhere.
     */
    private static byte[] bundleOf(Class<?>... classes) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        a.putValue(Constants.BUNDLE_SYMBOLICNAME, "archive.linker.fixture");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(buf, mf)) {
            for (Class<?> c : classes) {
                String entry = c.getName().replace('.', '/') + ".class";
                out.putNextEntry(new ZipEntry(entry));
                byte[] bytes;
                try (InputStream in = ArchiveLinkerTest.class.getClassLoader().getResourceAsStream(entry)) {
                    bytes = in.readAllBytes();
                }
                out.write(c == Sub.class ? renamedSuper(bytes) : bytes);
                out.closeEntry();
            }
        }
        return buf.toByteArray();
    }

    /** The class file with ".../Base" (the superclass's constant) become ".../Xase" (same length). */
    private static byte[] renamedSuper(byte[] classFile) {
        byte[] from = Base.class.getName().replace('.', '/').getBytes(StandardCharsets.UTF_8);
        byte[] out = classFile.clone();
        int found = 0;
        for (int i = 0; i + from.length <= out.length; i++) {
            if (Arrays.equals(out, i, i + from.length, from, 0, from.length)) {
                out[i + from.length - 4] = 'X';
                found++;
            }
        }
        assertEquals("the superclass constant", 1, found);
        return out;
    }

    @Test
    public void linksWhatABundleDefinedAndSkipsTheRest() throws Exception {
        String location = "test:archive-linker";
        Bundle b = felix.context().installBundle(location,
                new ByteArrayInputStream(bundleOf(Initialised.class, Sub.class)));
        b.start();
        Path log = felix.dir().resolve("classes.log");
        Files.write(log, List.of(
                "java.lang.String source: shared objects file",
                Initialised.class.getName() + " source: " + location,
                Sub.class.getName() + " source: " + location, // its superclass exists nowhere
                "io.daos.control.launcher.linkfixture.Absent source: " + location,
                "io.daos.control.launcher.Main source: test:no-such-bundle",
                "a line of another shape",
                "with spaces source: " + location));
        System.clearProperty(Initialised.PROPERTY);

        assertEquals("only the class the bundle could define is linked", 1, ArchiveLinker.link(felix.context(), log));
        assertNull("linked, not initialised", System.getProperty(Initialised.PROPERTY));
        assertEquals("the bundle's own copy", b.adapt(org.osgi.framework.wiring.BundleWiring.class).getClassLoader(),
                b.loadClass(Initialised.class.getName()).getClassLoader());
    }

    @Test
    public void theLinkedClassesOutliveTheirBundleForTheArchiveWrittenAtExit() throws Exception {
        Bundle b = felix.context().installBundle("test:archive-linker-kept",
                new ByteArrayInputStream(bundleOf(Initialised.class)));
        b.start();
        Path log = felix.dir().resolve("kept.log");
        Files.write(log, List.of(Initialised.class.getName() + " source: test:archive-linker-kept"));
        assertEquals(1, ArchiveLinker.link(felix.context(), log));
        WeakReference<ClassLoader> loader = new WeakReference<>(
                b.adapt(org.osgi.framework.wiring.BundleWiring.class).getClassLoader());

        b.uninstall(); // as the framework's stop leaves it: nothing of the framework refers to it
        assertTrue(Provisioner.refresh(felix.context(), List.of(b), 30_000));
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        assertNotNull("its classes are still loaded when the JVM exits and dumps the archive", loader.get());
    }

    @Test
    public void aLogThatCannotBeReadLinksNothing() {
        assertEquals(0, ArchiveLinker.link(felix.context(), felix.dir().resolve("absent.log")));
    }

    @Test
    public void parsesTheClassLoadLogLines() {
        assertEquals(new ArchiveLinker.Loaded("a.B$C", "daos:system/x/y.jar"),
                ArchiveLinker.Loaded.parse("a.B$C source: daos:system/x/y.jar"));
        assertNull(ArchiveLinker.Loaded.parse("no source here"));
        assertNull(ArchiveLinker.Loaded.parse(" source: x"));
    }

    @Test
    public void withoutTheLogPropertyNothingStarts() {
        System.clearProperty(ArchiveLinker.CLASS_LOG);
        ArchiveLinker.startIfRecording(felix.context(), () -> { });
        assertEquals(0, Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("daos-cds-link")).count());
    }
}
