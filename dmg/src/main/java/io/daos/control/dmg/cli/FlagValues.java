package io.daos.control.dmg.cli;

import io.daos.control.api.fault.Fault;

/**
 * Conversion of flag arguments to typed values with go-flags' and Go {@code strconv}'s messages,
 * e.g. {@code invalid argument for flag `-v, --nsvc' (expected uint32): strconv.ParseUint:
 * parsing "x": invalid syntax}.
 */
final class FlagValues {

    private FlagValues() {
    }

    static Object convert(FlagSpec f, String raw) throws UsageException {
        String arg;
        try {
            arg = unquoteIfPossible(raw);
        } catch (IllegalArgumentException e) {
            throw invalid(f, e.getMessage());
        }
        return switch (f.type()) {
            case BOOL -> Boolean.TRUE;
            case STRING -> arg;
            case UINT32 -> parseUnsigned(f, arg);
            case INT -> parseSigned(f, arg);
        };
    }

    private static Long parseUnsigned(FlagSpec f, String s) throws UsageException {
        if (s.isEmpty() || !digits(s, 0)) {
            throw invalid(f, "strconv.ParseUint: parsing " + Fault.quote(s) + ": invalid syntax");
        }
        if (s.length() > 12 || Long.parseLong(s) > 0xffff_ffffL) {
            throw invalid(f, "strconv.ParseUint: parsing " + Fault.quote(s) + ": value out of range");
        }
        return Long.parseLong(s);
    }

    private static Long parseSigned(FlagSpec f, String s) throws UsageException {
        int start = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        if (s.length() == start || !digits(s, start)) {
            throw invalid(f, "strconv.ParseInt: parsing " + Fault.quote(s) + ": invalid syntax");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw invalid(f, "strconv.ParseInt: parsing " + Fault.quote(s) + ": value out of range");
        }
    }

    private static boolean digits(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static UsageException invalid(FlagSpec f, String why) {
        String type = switch (f.type()) {
            case UINT32 -> "uint32";
            case INT -> "int";
            case BOOL -> "bool";
            case STRING -> "string";
        };
        return new UsageException("invalid argument for flag `" + f + "' (expected " + type + "): " + why, false);
    }

    /** go-flags unquotes an argument that starts with {@code "}; a bad quoted form is an error. */
    static String unquoteIfPossible(String s) {
        if (s.isEmpty() || s.charAt(0) != '"') {
            return s;
        }
        if (s.length() < 2 || s.charAt(s.length() - 1) != '"') {
            throw new IllegalArgumentException("invalid syntax");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '"') {
                throw new IllegalArgumentException("invalid syntax");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i >= s.length() - 1) {
                throw new IllegalArgumentException("invalid syntax");
            }
            switch (s.charAt(i)) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '\\' -> sb.append('\\');
                case '"' -> sb.append('"');
                default -> throw new IllegalArgumentException("invalid syntax");
            }
        }
        return sb.toString();
    }
}
