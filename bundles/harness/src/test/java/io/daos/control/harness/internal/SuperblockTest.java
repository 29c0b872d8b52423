package io.daos.control.harness.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.system.Rank;

public class SuperblockTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void bootstrapReplicaYamlHasEveryKeyInOrder() {
        Superblock sb = new Superblock("8f5e1a2c-0000-4000-8000-000000000001", "daos_server", Rank.of(0), true,
                true, true, true);
        assertEquals("version: 0\nuuid: 8f5e1a2c-0000-4000-8000-000000000001\nsystem: daos_server\nrank: 0\n"
                + "validrank: true\nms: true\ncreatems: true\nbootstrapms: true\n", sb.toYaml());
    }

    @Test
    public void createFollowsTheReplicaDecision() {
        Superblock boot = Superblock.create("sys", null, true, true);
        assertEquals(Rank.of(0), boot.rank);
        assertTrue(boot.validRank && boot.ms && boot.createMs && boot.bootstrapMs);
        Superblock replica = Superblock.create("sys", null, true, false);
        assertNull(replica.rank);
        assertTrue(replica.ms && replica.createMs);
        assertFalse(replica.validRank || replica.bootstrapMs);
        Superblock plain = Superblock.create("", Rank.of(7), false, false);
        assertEquals(Rank.of(7), plain.rank);
        assertFalse(plain.validRank || plain.ms || plain.createMs || plain.bootstrapMs);
        assertEquals("daos_io_server", plain.system);
        assertFalse(boot.uuid.equals(replica.uuid));
    }

    @Test
    public void roundTripThroughTheFileIsAtomicAndPrivate() throws IOException {
        Path p = tmp.getRoot().toPath().resolve(Superblock.FILE_NAME);
        Superblock sb = Superblock.create("daos_server", null, false, false);
        sb.write(p);
        assertFalse(Files.exists(p.resolveSibling("superblock.staging")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        Superblock back = Superblock.read(p).orElseThrow();
        assertEquals(sb.toYaml(), back.toYaml());
        assertNull(back.rank);

        Superblock ranked = back.withRank(Rank.of(3)).msCreated();
        ranked.write(p);
        Superblock again = Superblock.read(p).orElseThrow();
        assertEquals(Rank.of(3), again.rank);
        assertTrue(again.validRank);
        assertEquals(sb.uuid, again.uuid);
    }

    @Test
    public void staleStagingFileIsReplacedNotRead() throws IOException {
        Path p = tmp.getRoot().toPath().resolve(Superblock.FILE_NAME);
        Files.writeString(p.resolveSibling("superblock.staging"), "garbage from a crash");
        Superblock sb = Superblock.create("s", Rank.of(1), false, false);
        sb.write(p);
        assertEquals(sb.toYaml(), Files.readString(p));
    }

    @Test
    public void missingFileIsEmptyNotAnError() throws IOException {
        assertTrue(Superblock.read(tmp.getRoot().toPath().resolve("superblock")).isEmpty());
    }

    @Test
    public void lenientReadIgnoresUnknownKeysAndQuotes() {
        Superblock sb = Superblock.parse("version: 0\nuuid: \"abc\"\nsystem: 'x'\nrank: 5\nfuture: 1\n");
        assertEquals("abc", sb.uuid);
        assertEquals("x", sb.system);
        assertEquals(Rank.of(5), sb.rank);
        assertFalse(sb.validRank);
    }

    @Test
    public void nilRankAndBadValuesAreRejectedWithTheFileName() throws IOException {
        Path p = tmp.getRoot().toPath().resolve("superblock");
        Files.writeString(p, "version: 0\nuuid: a\nrank: 4294967295\n");
        try {
            Superblock.read(p);
            fail();
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("Failed to read Superblock from " + p + ": "));
        }
        Files.writeString(p, "version: 0\nuuid: a\nms: maybe\n");
        try {
            Superblock.read(p);
            fail();
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("invalid ms value"));
        }
    }
}
