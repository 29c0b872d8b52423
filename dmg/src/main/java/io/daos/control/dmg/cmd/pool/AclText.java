package io.daos.control.dmg.cmd.pool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.daos.control.dmg.cli.DmgException;
import io.daos.control.dmg.cli.Reasons;

/**
 * The ACL texts of {@code dmg} (SPEC-SYSTEM §5.7, §6.6.2): the ACL file read for
 * {@code --acl-file}, and the rendering {@code get-acl} prints or writes (owner and group comment
 * lines, {@code # Entries:}, one entry per line, with {@code --verbose} each entry preceded by its
 * spelled-out form).
 *
 * <p>Like the reference, the file is not checked for syntax here: the data plane validates the
 * entries (with the same rules as {@link io.daos.control.api.acl.Acl}).
 */
final class AclText {

    private AclText() {
    }

    /**
     * The entries of an ACL file: each line trimmed; empty lines and comments ({@code #} first)
     * left out.
     *
     * @throws DmgException {@code opening ACL file: open <path>: <reason>},
     *                      {@code reading ACL file: <err>} or
     *                      {@code ACL file '<path>' contains no entries}
     */
    static List<String> readFile(String path) throws DmgException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            if (Files.isDirectory(Path.of(path))) {
                throw new DmgException("reading ACL file: read " + path + ": is a directory");
            }
            try {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new DmgException("reading ACL file: read " + path + ": " + Reasons.of(e), e);
            }
        } catch (IOException e) {
            throw new DmgException("opening ACL file: open " + path + ": " + Reasons.of(e), e);
        }
        List<String> entries = parse(new String(bytes, StandardCharsets.UTF_8));
        if (entries.isEmpty()) {
            throw new DmgException("ACL file '" + path + "' contains no entries");
        }
        return entries;
    }

    /** The entries of an ACL file's text (possibly none). */
    static List<String> parse(String text) {
        List<String> entries = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String s = line.strip();
            if (!s.isEmpty() && s.charAt(0) != '#') {
                entries.add(s);
            }
        }
        return entries;
    }

    /** The rendering of an ACL with its owner and owner group (each line only when non-empty). */
    static String render(String owner, String group, List<String> entries, boolean verbose) {
        StringBuilder sb = new StringBuilder();
        if (!owner.isEmpty()) {
            sb.append("# Owner: ").append(owner).append('\n');
        }
        if (!group.isEmpty()) {
            sb.append("# Owner Group: ").append(group).append('\n');
        }
        sb.append("# Entries:\n");
        if (entries.isEmpty()) {
            return sb.append("#   None\n").toString();
        }
        for (String ace : entries) {
            if (verbose) {
                sb.append("# ").append(verbose(ace)).append('\n');
            }
            sb.append(ace).append('\n');
        }
        return sb.toString();
    }

    /**
     * The spelled-out form of an entry: {@code A:G:GROUP@:rw} reads
     * {@code Allow:Group:Owner-Group:Read/Write}; unknown letters read {@code Unknown}.
     */
    static String verbose(String ace) {
        String[] f = ace.split(":", -1);
        if (f.length != 4) {
            return "invalid ACE";
        }
        return letters(f[0], "None", TYPE) + ':' + letters(f[1], "", FLAG) + ':' + identity(f[2]) + ':'
                + letters(f[3], "None", PERM);
    }

    private static final int TYPE = 0;
    private static final int FLAG = 1;
    private static final int PERM = 2;

    private static String letters(String field, String none, int kind) {
        if (field.isEmpty()) {
            return none;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < field.length(); i += Character.charCount(field.codePointAt(i))) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(name(field.codePointAt(i), kind));
        }
        return sb.toString();
    }

    private static String name(int c, int kind) {
        String n = switch (kind) {
            case TYPE -> switch (c) {
                case 'A' -> "Allow";
                case 'U' -> "Audit";
                case 'L' -> "Alarm";
                default -> null;
            };
            case FLAG -> switch (c) {
                case 'G' -> "Group";
                case 'S' -> "Access-Success";
                case 'F' -> "Access-Failure";
                case 'P' -> "Pool-Inherit";
                default -> null;
            };
            default -> switch (c) {
                case 'r' -> "Read";
                case 'w' -> "Write";
                case 'c' -> "Create-Container";
                case 'd' -> "Delete-Container";
                case 't' -> "Get-Prop";
                case 'T' -> "Set-Prop";
                case 'a' -> "Get-ACL";
                case 'A' -> "Set-ACL";
                case 'o' -> "Set-Owner";
                default -> null;
            };
        };
        return n == null ? "Unknown" : n;
    }

    private static String identity(String principal) {
        return switch (principal) {
            case "OWNER@" -> "Owner";
            case "GROUP@" -> "Owner-Group";
            case "EVERYONE@" -> "Everyone";
            case "" -> "None";
            default -> principal;
        };
    }
}
