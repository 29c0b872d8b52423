package io.daos.control.dmg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version {@code dmg version} prints: the project version Maven records in the jar. */
public final class Version {

    /** Where maven-jar-plugin stores the project coordinates inside the jar. */
    static final String POM_PROPERTIES = "META-INF/maven/io.daos.control/io.daos.control.dmg/pom.properties";

    private Version() {
    }

    /** The version recorded in the jar loaded by {@code loader}, else {@code unknown}. */
    public static String of(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank()) {
                    return v.strip();
                }
            }
        } catch (IOException e) {
            // an unreadable jar entry: fall through to the manifest
        }
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "unknown";
    }
}
