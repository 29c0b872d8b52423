package io.daos.control.dmg.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class HostFileTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** A fake -l expansion: comma-separated hosts, the default port where none, sorted; "!" is an error. */
    static final HostExpander FAKE = (value, port) -> {
        List<String> out = new ArrayList<>();
        for (String h : value.split(",")) {
            if (h.contains("!")) {
                throw new IllegalArgumentException("invalid hostname \"" + h + "\"");
            }
            out.add(h.contains(":") ? h : h + ":" + port);
        }
        out.sort(null);
        return out;
    };

    private Path file(String text) throws Exception {
        Path p = tmp.newFile("hosts").toPath();
        Files.writeString(p, text);
        return p;
    }

    @Test
    public void oneHostPatternPerLineWithCommentsAndBlankLines() throws Exception {
        Path p = file("# the rack\nnode2\n\n  node1:7   # first\nnode2:9\n#node9\nnode3,node1:7\n");
        assertEquals(List.of("node1:7", "node2:10001", "node2:9", "node3:10001"), HostFile.read(p, FAKE, 10001));
    }

    @Test
    public void aBadPatternNamesTheFileAndLine() throws Exception {
        Path p = file("node1\n\nno!de\n");
        assertEquals("host file " + p + ": line 3: invalid hostname \"no!de\"",
                assertThrows(DmgException.class, () -> HostFile.read(p, FAKE, 1)).getMessage());
    }

    @Test
    public void aFileWithoutHostsIsAnError() throws Exception {
        Path p = file("# nothing\n\n");
        assertEquals("host file " + p + ": no hosts",
                assertThrows(DmgException.class, () -> HostFile.read(p, FAKE, 1)).getMessage());
    }

    @Test
    public void aMissingFileOrADirectory() throws Exception {
        Path missing = tmp.getRoot().toPath().resolve("missing");
        assertEquals("reading host file: open " + missing + ": no such file or directory",
                assertThrows(DmgException.class, () -> HostFile.read(missing, FAKE, 1)).getMessage());
        Path dir = tmp.newFolder("d").toPath();
        assertEquals("reading host file: read " + dir + ": is a directory",
                assertThrows(DmgException.class, () -> HostFile.read(dir, FAKE, 1)).getMessage());
    }
}
