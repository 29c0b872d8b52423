package io.daos.control.dmg.cli;

import static org.junit.Assert.assertEquals;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class VersionTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void readsTheVersionMavenRecordsInTheJar() throws Exception {
        Path root = tmp.getRoot().toPath();
        Path props = root.resolve(Version.POM_PROPERTIES);
        Files.createDirectories(props.getParent());
        Files.writeString(props, "artifactId=io.daos.control.dmg\nversion=0.1.0-SNAPSHOT\n");
        try (URLClassLoader cl = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
            assertEquals("0.1.0-SNAPSHOT", Version.of(cl));
        }
    }

    @Test
    public void unknownWithoutRecord() throws Exception {
        try (URLClassLoader cl = new URLClassLoader(new URL[] {tmp.getRoot().toURI().toURL()}, null)) {
            assertEquals("unknown", Version.of(cl));
        }
    }
}
