package io.daos.control.dmg.cmd.pool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.daos.control.dmg.cli.DmgException;

/**
 * The owner and owner group a pool is created with (SPEC-SYSTEM §6.6.2): when neither
 * {@code --user} nor {@code --group} is given, the name of the user running {@code dmg} and the
 * name of its primary group; then {@code @} is appended to each non-empty name that has none.
 */
final class Owners {

    /** The owner user and group as sent ({@code bob@}, {@code staff@}; either may be empty). */
    record Pair(String user, String group) {
    }

    /** Where the current user's name and primary group come from (replaced in tests). */
    interface Identity {
        /** The user's name. */
        String userName() throws DmgException;

        /** The name of the user's primary group. */
        String groupName() throws DmgException;
    }

    /** The process's own user, from the operating system; the group name from {@code /etc/group}. */
    static final Identity PROCESS = new Identity() {
        @Override
        public String userName() {
            return new com.sun.security.auth.module.UnixSystem().getUsername();
        }

        @Override
        public String groupName() throws DmgException {
            long gid = new com.sun.security.auth.module.UnixSystem().getGid();
            return Owners.groupName(Path.of("/etc/group"), gid);
        }
    };

    private Owners() {
    }

    /**
     * The strings to send.
     *
     * @throws DmgException {@code formatting user/group strings: <err>} when a name cannot be found
     */
    static Pair of(String user, String group, Identity me) throws DmgException {
        String u = user == null ? "" : user;
        String g = group == null ? "" : group;
        if (u.isEmpty() && g.isEmpty()) {
            try {
                u = me.userName();
                g = me.groupName();
            } catch (DmgException e) {
                throw new DmgException("formatting user/group strings: " + e.getMessage(), e);
            }
        }
        return new Pair(principal(u), principal(g));
    }

    private static String principal(String name) {
        return name.isEmpty() || name.indexOf('@') >= 0 ? name : name + "@";
    }

    /** The name of group {@code gid} in a group file ({@code name:x:gid:members} lines). */
    static String groupName(Path groupFile, long gid) throws DmgException {
        try {
            for (String line : Files.readAllLines(groupFile, StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length >= 3 && f[2].equals(Long.toString(gid))) {
                    return f[0];
                }
            }
        } catch (IOException e) {
            // like the reference's pure-Go lookup: an unreadable file is an unknown group
        }
        throw new DmgException("group: unknown groupid " + gid);
    }
}
