package io.daos.control.dmg.cmd.pool;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.dmg.cli.DmgException;

/** Owner and owner group of {@code pool create} (SPEC-SYSTEM §6.6.2, §7.4 38). */
public class OwnersTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final Owners.Identity ALICE = new Owners.Identity() {
        @Override
        public String userName() {
            return "alice";
        }

        @Override
        public String groupName() {
            return "staff";
        }
    };

    private static final Owners.Identity NO_GROUP = new Owners.Identity() {
        @Override
        public String userName() {
            return "alice";
        }

        @Override
        public String groupName() throws DmgException {
            throw new DmgException("group: unknown groupid 4242");
        }
    };

    @Test
    public void defaultsOnlyWhenBothAreEmpty() throws DmgException {
        assertEquals(new Owners.Pair("alice@", "staff@"), Owners.of(null, null, ALICE));
        assertEquals(new Owners.Pair("alice@", "staff@"), Owners.of("", "", ALICE));
        assertEquals(new Owners.Pair("bob@", ""), Owners.of("bob", null, ALICE));
        assertEquals(new Owners.Pair("", "ops@"), Owners.of("", "ops", ALICE));
        assertEquals(new Owners.Pair("bob@home", "ops@home"), Owners.of("bob@home", "ops@home", ALICE));
    }

    @Test
    public void anUnknownGroupIsTheFormattingError() {
        assertEquals("formatting user/group strings: group: unknown groupid 4242",
                assertThrows(DmgException.class, () -> Owners.of(null, null, NO_GROUP)).getMessage());
    }

    @Test
    public void groupNamesFromAGroupFile() throws Exception {
        Path f = Files.writeString(tmp.getRoot().toPath().resolve("group"), "root:x:0:\nstaff:x:50:a,b\nbroken\n");
        assertEquals("root", Owners.groupName(f, 0));
        assertEquals("staff", Owners.groupName(f, 50));
        assertEquals("group: unknown groupid 5",
                assertThrows(DmgException.class, () -> Owners.groupName(f, 5)).getMessage());
        assertEquals("group: unknown groupid 0", assertThrows(DmgException.class,
                () -> Owners.groupName(tmp.getRoot().toPath().resolve("none"), 0)).getMessage());
    }
}
