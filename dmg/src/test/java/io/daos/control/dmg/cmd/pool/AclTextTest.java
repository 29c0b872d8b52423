package io.daos.control.dmg.cmd.pool;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.dmg.cli.DmgException;

/** The ACL file and the ACL rendering of SPEC-SYSTEM §5.7, §6.6.2 and §7.4 (42, 43). */
public class AclTextTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void fileLinesTrimmedCommentsAndBlankLinesSkippedNoSyntaxCheck() {
        assertEquals(List.of("A::OWNER@:rw", "A::user1@:rw", "A:g:group1@:r"),
                AclText.parse("A::OWNER@:rw\nA::user1@:rw\nA:g:group1@:r\n"));
        assertEquals(List.of("A::OWNER@:rw", "A::x@:r"),
                AclText.parse("# comment\n #another comment here\nA::OWNER@:rw   \r\n\n\t\n  A::x@:r"));
        assertEquals(List.of(), AclText.parse(""));
    }

    @Test
    public void fileErrors() throws Exception {
        Path dir = tmp.newFolder("d").toPath();
        assertEquals("reading ACL file: read " + dir + ": is a directory",
                assertThrows(DmgException.class, () -> AclText.readFile(dir.toString())).getMessage());
        Path empty = Files.writeString(tmp.getRoot().toPath().resolve("e"), "\n# c\n");
        assertEquals("ACL file '" + empty + "' contains no entries",
                assertThrows(DmgException.class, () -> AclText.readFile(empty.toString())).getMessage());
    }

    @Test
    public void renderingOwnerLinesOnlyWhenNonEmpty() {
        assertEquals("# Entries:\n#   None\n", AclText.render("", "", List.of(), false));
        assertEquals("# Entries:\n#   None\n", AclText.render("", "", List.of(), true));
        assertEquals("# Owner: o@\n# Entries:\nA::OWNER@:rw\n", AclText.render("o@", "", List.of("A::OWNER@:rw"), false));
        assertEquals("# Owner Group: g@\n# Entries:\n#   None\n", AclText.render("", "g@", List.of(), false));
    }

    @Test
    public void verboseFormsOfTheReference() {
        assertEquals("Allow::Owner:Read/Write", AclText.verbose("A::OWNER@:rw"));
        assertEquals("Allow:Group:Owner-Group:Read/Write", AclText.verbose("A:G:GROUP@:rw"));
        assertEquals("Allow::friendlyuser@:Write/Read", AclText.verbose("A::friendlyuser@:wr"));
        assertEquals("Allow:Unknown/Group/Unknown:someone@:Read/Write", AclText.verbose("A:CGI:someone@:rw"));
        assertEquals("Allow::friendlyuser@:Read/Unknown/Write/Unknown", AclText.verbose("A::friendlyuser@:rvwx"));
        assertEquals("Allow/Audit/Alarm:Access-Success/Access-Failure/Pool-Inherit:Everyone:"
                + "Create-Container/Delete-Container/Get-Prop/Set-Prop/Get-ACL/Set-ACL/Set-Owner",
                AclText.verbose("AUL:SFP:EVERYONE@:cdtTaAo"));
        assertEquals("None::None:None", AclText.verbose(":::"));
        assertEquals("invalid ACE", AclText.verbose("A::x@"));
        assertEquals("invalid ACE", AclText.verbose("A::x@:r:"));
    }
}
