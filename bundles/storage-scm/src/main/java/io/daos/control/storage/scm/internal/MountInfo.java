package io.daos.control.storage.scm.internal;

import java.util.List;

/** {@code /proc/self/mountinfo} scanning (SPEC-SERVER §4.6); lines with fewer than 6 fields are ignored. */
final class MountInfo {

    private MountInfo() {
    }

    /** Whether some line has {@code path} (cleaned) as field 5 (mount point). */
    static boolean isMountPoint(List<String> lines, String path) {
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && unescape(f[4]).equals(path)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some line has {@code majorMinor} as field 3. */
    static boolean hasDevice(List<String> lines, String majorMinor) {
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && f[2].equals(majorMinor)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code major:minor} of a device number as glibc encodes {@code dev_t} (major: bits 8–19
     * and 32–43; minor: bits 0–7 and 20–31), the form of mountinfo field 3.
     */
    static String majorMinor(long rdev) {
        long major = ((rdev >>> 8) & 0xfffL) | ((rdev >>> 32) & ~0xfffL);
        long minor = (rdev & 0xffL) | ((rdev >>> 12) & 0xffffff00L);
        return major + ":" + minor;
    }

    /** The mount points (field 5, unescaped) of the lines with {@code majorMinor} as field 3. */
    static List<String> mountPointsOf(List<String> lines, String majorMinor) {
        List<String> out = new java.util.ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && f[2].equals(majorMinor)) {
                out.add(unescape(f[4]));
            }
        }
        return out;
    }

    /** The kernel escapes space, tab, newline and backslash as {@code \ooo}. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
