package io.daos.control.drpc;

import java.util.Arrays;

/**
 * An independent, minimal protobuf wire-format reader for the tests: decides whether a packet
 * is a decodable {@code drpc.Call} the way protobuf-java does (every tag well formed, field
 * number not 0, wire types 0-5, groups balanced, lengths in range, varints at most 10 bytes;
 * unknown fields and known fields with another wire type are skipped) and extracts the
 * fields (last occurrence wins). Written from the wire-format rules, not from the parser.
 */
final class WireCheck {

    /** A decoded Call, or {@code valid == false}. */
    static final class Parsed {
        boolean valid = true;
        int module;
        int method;
        long sequence;
        byte[] body = new byte[0];
    }

    private final byte[] b;
    private final int end;
    private int pos;

    private WireCheck(byte[] b, int len) {
        this.b = b;
        this.end = len;
    }

    static Parsed parseCall(byte[] packet, int len) {
        WireCheck w = new WireCheck(packet, len);
        Parsed p = new Parsed();
        try {
            w.message(p, 0, 0);
        } catch (Bad e) {
            p.valid = false;
        }
        return p;
    }

    private static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;

        Bad() {
            super(null, null, false, false);
        }
    }

    private long varint() throws Bad {
        long v = 0;
        for (int i = 0; i < 10; i++) {
            if (pos >= end) {
                throw new Bad();
            }
            int x = b[pos++] & 0xff;
            v |= (long) (x & 0x7f) << (7 * i);
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new Bad(); // more than 10 bytes
    }

    /** Reads fields until the end (group == 0) or the matching end-group tag. */
    private void message(Parsed p, int group, int depth) throws Bad {
        while (pos < end) {
            int tag = (int) varint();
            int field = tag >>> 3;
            int type = tag & 7;
            if (field == 0) {
                throw new Bad();
            }
            switch (type) {
            case 0: {
                long v = varint();
                if (p != null) {
                    if (field == 1) {
                        p.module = (int) v;
                    } else if (field == 2) {
                        p.method = (int) v;
                    } else if (field == 3) {
                        p.sequence = v;
                    }
                }
                break;
            }
            case 1:
                skip(8);
                break;
            case 2: {
                int n = (int) varint();
                if (n < 0) {
                    throw new Bad();
                }
                int start = pos;
                skip(n);
                if (p != null && field == 4) {
                    p.body = Arrays.copyOfRange(b, start, start + n);
                }
                break;
            }
            case 3:
                if (depth >= 100) {
                    throw new Bad();
                }
                message(null, field, depth + 1);
                break;
            case 4:
                if (group != field) {
                    throw new Bad(); // end-group at top level or for another group
                }
                return;
            case 5:
                skip(4);
                break;
            default:
                throw new Bad();
            }
        }
        if (group != 0) {
            throw new Bad(); // unterminated group
        }
    }

    private void skip(int n) throws Bad {
        if (n > end - pos) {
            throw new Bad();
        }
        pos += n;
    }
}
