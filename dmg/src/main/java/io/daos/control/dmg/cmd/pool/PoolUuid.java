package io.daos.control.dmg.cmd.pool;

import java.util.Locale;
import java.util.UUID;

import io.daos.control.api.fault.Fault;
import io.daos.control.dmg.cli.DmgException;

/**
 * The pool UUID of {@code pool create}: the {@code --pool} text read in the forms the reference's
 * UUID library accepts (canonical, {@code urn:uuid:} prefix, braces, 32 bare hex digits) and
 * rendered in lower-case canonical form, or a new random (version 4) UUID when none is given.
 */
final class PoolUuid {

    private static final String URN = "urn:uuid:";

    private PoolUuid() {
    }

    /**
     * The canonical form of {@code text}, or a new random UUID for an empty text.
     *
     * @throws DmgException {@code bad pool UUID: "<text>": <reason>}
     */
    static String of(String text) throws DmgException {
        if (text == null || text.isEmpty()) {
            return UUID.randomUUID().toString();
        }
        String reason = check(text);
        if (reason != null) {
            throw new DmgException("bad pool UUID: " + Fault.quote(text) + ": " + reason);
        }
        String hex = hexDigits(text);
        return (hex.substring(0, 8) + '-' + hex.substring(8, 12) + '-' + hex.substring(12, 16) + '-'
                + hex.substring(16, 20) + '-' + hex.substring(20)).toLowerCase(Locale.ROOT);
    }

    /** Why {@code s} is no UUID, in the library's words, or null when it is one. */
    private static String check(String s) {
        String canonical;
        switch (s.length()) {
            case 36:
                canonical = s;
                break;
            case 36 + 9:
                if (!s.regionMatches(true, 0, URN, 0, URN.length())) {
                    return "invalid urn prefix: " + Fault.quote(s.substring(0, URN.length()));
                }
                canonical = s.substring(URN.length());
                break;
            case 36 + 2:
                if (s.charAt(0) != '{' || s.charAt(37) != '}') {
                    return "invalid UUID format";
                }
                canonical = s.substring(1, 37);
                break;
            case 32:
                return allHex(s) ? null : "invalid UUID format";
            default:
                return "invalid UUID length: " + s.length();
        }
        if (canonical.charAt(8) != '-' || canonical.charAt(13) != '-' || canonical.charAt(18) != '-'
                || canonical.charAt(23) != '-') {
            return "invalid UUID format";
        }
        return allHex(canonical.replace("-", "")) && canonical.replace("-", "").length() == 32 ? null
                : "invalid UUID format";
    }

    private static String hexDigits(String s) {
        String body = s.length() == 36 + 9 ? s.substring(URN.length()) : s.length() == 38 ? s.substring(1, 37) : s;
        return body.replace("-", "");
    }

    private static boolean allHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
