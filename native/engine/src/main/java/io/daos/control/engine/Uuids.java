package io.daos.control.engine;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/** UUID text handling with libuuid's rules (SPEC-SYSTEM 4.2): exactly 36 characters, hyphens at
 *  8, 13, 18 and 23, hex digits of either case; nothing else (no braces, urn: prefix, 32-digit form). */
public final class Uuids {
    private Uuids() {
    }

    /** True if {@code s} parses with uuid_parse(). */
    public static boolean valid(String s) {
        if (s == null || s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return false;
                }
            } else if (Character.digit(c, 16) < 0 || c > 'f') {
                return false;
            }
        }
        return true;
    }

    /** Lower-case canonical form of a valid UUID string. */
    public static String canonical(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** A stable name-based (v3) UUID, lower-case canonical. */
    public static String nameBased(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
