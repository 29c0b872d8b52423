package io.daos.control.dmg.cmd.pool;

import io.daos.control.api.fault.Fault;
import io.daos.control.dmg.cli.CommandContext;
import io.daos.control.dmg.cli.DmgException;
import io.daos.control.dmg.cli.Invocation;
import io.daos.control.dmg.cmd.JsonWriter;
import io.daos.control.proto.mgmt.PoolSetPropReq;
import io.daos.control.proto.mgmt.PoolSetPropResp;

/**
 * {@code pool set-prop} (SPEC-SYSTEM §6.6.2, §4.4.4): the property by name, the value as a number
 * when it reads as an unsigned decimal integer and as a string otherwise; the reply's value echoed.
 */
final class PoolSetProp {

    private PoolSetProp() {
    }

    /** Runs the command. */
    static void run(CommandContext ctx) throws Exception {
        Invocation inv = ctx.invocation();
        String uuid = inv.stringOrEmpty("pool");
        String name = inv.stringOrEmpty("name");
        String value = inv.stringOrEmpty("value");
        PoolSetPropResp resp;
        try {
            if (name.isEmpty()) {
                throw new DmgException("invalid property name \"\"");
            }
            PoolSetPropReq.Builder b = PoolSetPropReq.newBuilder().setUuid(uuid).setName(name);
            Long number = unsigned(value);
            PoolSetPropReq req = number != null ? b.setNumval(number).build() : b.setStrval(value).build();
            try {
                resp = Calls.single(ctx, stub -> stub.poolSetProp(req));
            } catch (Exception e) {
                throw Calls.prefixed("PoolSetProp failed: ", e);
            }
            if (resp.getStatus() != 0) {
                throw Calls.status(resp.getStatus(), true);
            }
            if (resp.getValueCase() == PoolSetPropResp.ValueCase.VALUE_NOT_SET) {
                throw new DmgException("unable to represent response value <nil>");
            }
        } catch (Exception e) {
            throw Calls.prefixed("pool set-prop failed: ", e);
        }
        boolean text = resp.getValueCase() == PoolSetPropResp.ValueCase.STRVAL;
        if (ctx.out().isJson()) {
            JsonWriter w = new JsonWriter().beginObject().field("uuid", uuid).field("name", resp.getName());
            ctx.out().document((text ? w.field("value", resp.getStrval()) : w.unsignedField("value", resp.getNumval()))
                    .endObject().toString());
            return;
        }
        ctx.out().info("pool set-prop succeeded (" + resp.getName() + "="
                + (text ? Fault.quote(resp.getStrval()) : quoteRune(resp.getNumval())) + ")");
    }

    /** The value of an unsigned decimal integer (Go's {@code ParseUint(s, 10, 64)}), or null. */
    static Long unsigned(String s) {
        if (s.isEmpty()) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A number as Go's {@code %q} prints one: the quoted character of that code point
     * ({@code 42} → {@code '*'}), escaped when not printable.
     */
    static String quoteRune(long n) {
        int c = n < 0 || n > Character.MAX_CODE_POINT || (n >= 0xD800 && n <= 0xDFFF) ? 0xFFFD : (int) n;
        switch (c) {
            case 7: return "'\\a'";
            case 8: return "'\\b'";
            case 12: return "'\\f'";
            case '\n': return "'\\n'";
            case '\r': return "'\\r'";
            case '\t': return "'\\t'";
            case 11: return "'\\v'";
            case '\'': return "'\\''";
            case '\\': return "'\\\\'";
            default: break;
        }
        if (c < ' ' || c == 0x7f) {
            return String.format("'\\x%02x'", c);
        }
        if (!printable(c)) {
            return c < 0x10000 ? String.format("'\\u%04x'", c) : String.format("'\\U%08x'", c);
        }
        return "'" + new String(Character.toChars(c)) + "'";
    }

    private static boolean printable(int c) {
        if (c == ' ') {
            return true;
        }
        int t = Character.getType(c);
        return t != Character.UNASSIGNED && t != Character.CONTROL && t != Character.FORMAT
                && t != Character.PRIVATE_USE && t != Character.SURROGATE && t != Character.SPACE_SEPARATOR
                && t != Character.LINE_SEPARATOR && t != Character.PARAGRAPH_SEPARATOR;
    }
}
