package io.daos.control.dmg;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.dmg.cli.Output;
import io.daos.control.dmg.cli.Version;

public class MainTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Output out = new Output(new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8), Clock.systemUTC());

    private Path config() throws Exception {
        Path p = tmp.newFile("daos.yml").toPath();
        Files.writeString(p, "name: daos_server\n");
        return p;
    }

    @Test
    public void versionPrintsTheProjectVersion() throws Exception {
        assertEquals(0, Main.run(new String[] {"-o", config().toString(), "-i", "version"}, out));
        assertEquals("dmg version " + Version.of(Main.class.getClassLoader()) + "\n",
                stdout.toString(StandardCharsets.UTF_8));
        assertEquals("", stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void withoutConnectionLayerACommandFailsCleanly() throws Exception {
        assertEquals(1, Main.run(new String[] {"-o", config().toString(), "-i", "system", "query"}, out));
        assertEquals("ERROR: dmg: connecting: not implemented yet\n", stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void noCommand() {
        assertEquals(1, Main.run(new String[0], out));
        assertEquals("ERROR: dmg: Please specify one command of: network, pool, storage, system or version\n",
                stderr.toString(StandardCharsets.UTF_8));
    }
}
