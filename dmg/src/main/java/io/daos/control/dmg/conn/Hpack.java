package io.daos.control.dmg.conn;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * HPACK (RFC 7541), as much as a gRPC client needs: a {@link Decoder} of the server's header
 * blocks (static and dynamic table, Huffman strings, size updates) and {@link #encode} of our
 * request headers as literals that are never indexed (so that the server's decoder state never
 * depends on ours). Names and values are ISO-8859-1 strings, which keeps every octet.
 */
final class Hpack {

    /** The static table (RFC 7541 appendix A), index 1 first. */
    private static final String[][] STATIC = {
        {":authority", ""}, {":method", "GET"}, {":method", "POST"}, {":path", "/"}, {":path", "/index.html"},
        {":scheme", "http"}, {":scheme", "https"}, {":status", "200"}, {":status", "204"}, {":status", "206"},
        {":status", "304"}, {":status", "400"}, {":status", "404"}, {":status", "500"}, {"accept-charset", ""},
        {"accept-encoding", "gzip, deflate"}, {"accept-language", ""}, {"accept-ranges", ""}, {"accept", ""},
        {"access-control-allow-origin", ""}, {"age", ""}, {"allow", ""}, {"authorization", ""},
        {"cache-control", ""}, {"content-disposition", ""}, {"content-encoding", ""}, {"content-language", ""},
        {"content-length", ""}, {"content-location", ""}, {"content-range", ""}, {"content-type", ""},
        {"cookie", ""}, {"date", ""}, {"etag", ""}, {"expect", ""}, {"expires", ""}, {"from", ""}, {"host", ""},
        {"if-match", ""}, {"if-modified-since", ""}, {"if-none-match", ""}, {"if-range", ""},
        {"if-unmodified-since", ""}, {"last-modified", ""}, {"link", ""}, {"location", ""}, {"max-forwards", ""},
        {"proxy-authenticate", ""}, {"proxy-authorization", ""}, {"range", ""}, {"referer", ""}, {"refresh", ""},
        {"retry-after", ""}, {"server", ""}, {"set-cookie", ""}, {"strict-transport-security", ""},
        {"transfer-encoding", ""}, {"user-agent", ""}, {"vary", ""}, {"via", ""}, {"www-authenticate", ""},
    };

    /**
     * The Huffman code's lengths (RFC 7541 appendix B), symbol 0 to 256 (EOS), each as
     * {@code 'A' + length - 5}. The code is canonical: the lengths alone determine it.
     */
    private static final String HUFFMAN_LENGTHS = "ISXXXXXXXTZXXZXXXXXXXXZXXXXXXXXXBFFHIBDGFFDGDBBBAAABBBBBBBCDKBHFIB"
            + "CCCCCCCCCCCCCCCCCCCCCCDCDIOIJBKABABABBBACCBBBABCBAABCCCCCKGJIXPRPPRRRSRSSSSSTSTTRSTSSSSQRSRSSTRQPRRS"
            + "SQSRRTQRSSQQRQSRSSPRRRSRRSVVPORSRUVVVWWVTUOQVWWVWTQQVVXWWWPTPQRQQSRRUUTTVSVWVVWWWWWXWWWWWVZ";
    private static final int EOS = 256;
    private static final int MAX_CODE_LENGTH = 30;
    /** Per code length: the first code, the index of its first symbol in {@link #SYMBOLS}, the count. */
    private static final int[] FIRST_CODE = new int[MAX_CODE_LENGTH + 1];
    private static final int[] FIRST_INDEX = new int[MAX_CODE_LENGTH + 1];
    private static final int[] COUNT = new int[MAX_CODE_LENGTH + 1];
    /** Symbols ordered by code length, then value: the canonical order. */
    private static final int[] SYMBOLS = new int[EOS + 1];

    static {
        for (int s = 0; s <= EOS; s++) {
            COUNT[length(s)]++;
        }
        int code = 0;
        int index = 0;
        for (int len = 1; len <= MAX_CODE_LENGTH; len++) {
            FIRST_CODE[len] = code;
            FIRST_INDEX[len] = index;
            index += COUNT[len];
            code = (code + COUNT[len]) << 1;
        }
        int[] next = FIRST_INDEX.clone();
        for (int s = 0; s <= EOS; s++) {
            SYMBOLS[next[length(s)]++] = s;
        }
    }

    private Hpack() {
    }

    private static int length(int symbol) {
        return HUFFMAN_LENGTHS.charAt(symbol) - 'A' + 5;
    }

    /** A malformed header block: a connection error (COMPRESSION_ERROR). */
    static final class HpackException extends Exception {
        private static final long serialVersionUID = 1L;

        HpackException(String message) {
            super(message);
        }
    }

    /**
     * A header block of our own: each field a literal without indexing, the name as the static
     * table's index where it has one.
     */
    static byte[] encode(List<Map.Entry<String, String>> headers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        for (Map.Entry<String, String> h : headers) {
            int index = nameIndex(h.getKey());
            integer(out, 0x00, 4, index);
            if (index == 0) {
                string(out, h.getKey());
            }
            string(out, h.getValue());
        }
        return out.toByteArray();
    }

    private static int nameIndex(String name) {
        for (int i = 0; i < STATIC.length; i++) {
            if (STATIC[i][0].equals(name)) {
                return i + 1;
            }
        }
        return 0;
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        integer(out, 0x00, 7, b.length);
        out.writeBytes(b);
    }

    /** An integer with an {@code n}-bit prefix, the first octet's other bits {@code flags}. */
    private static void integer(ByteArrayOutputStream out, int flags, int n, int value) {
        int max = (1 << n) - 1;
        if (value < max) {
            out.write(flags | value);
            return;
        }
        out.write(flags | max);
        value -= max;
        while (value >= 0x80) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    /** The decoding side of one connection: its dynamic table lives as long as the connection. */
    static final class Decoder {
        private final Deque<String[]> dynamic = new ArrayDeque<>();
        private final int maxAllowed;
        private int maxSize;
        private int size;
        private byte[] in;
        private int pos;
        private int end;

        /** A decoder whose table may grow to {@code maxTableSize} octets (our SETTINGS_HEADER_TABLE_SIZE). */
        Decoder(int maxTableSize) {
            this.maxAllowed = maxTableSize;
            this.maxSize = maxTableSize;
        }

        /** The fields of one complete header block, in order. */
        List<String[]> decode(byte[] block) throws HpackException {
            in = block;
            pos = 0;
            end = block.length;
            List<String[]> fields = new ArrayList<>();
            while (pos < end) {
                int b = in[pos] & 0xff;
                if ((b & 0x80) != 0) {
                    fields.add(entry(integer(7)));
                } else if ((b & 0xc0) == 0x40) {
                    String[] f = literal(6);
                    add(f);
                    fields.add(f);
                } else if ((b & 0xe0) == 0x20) {
                    int newSize = integer(5);
                    if (newSize > maxAllowed) {
                        throw new HpackException("table size update beyond the maximum: " + newSize);
                    }
                    maxSize = newSize;
                    evict(0);
                } else {
                    fields.add(literal(4));
                }
            }
            return fields;
        }

        private String[] literal(int prefix) throws HpackException {
            int index = integer(prefix);
            String name = index == 0 ? string() : entry(index)[0];
            return new String[] {name, string()};
        }

        private String[] entry(int index) throws HpackException {
            if (index >= 1 && index <= STATIC.length) {
                return STATIC[index - 1];
            }
            int d = index - STATIC.length - 1;
            if (index < 1 || d >= dynamic.size()) {
                throw new HpackException("no header table entry " + index);
            }
            int i = 0;
            for (String[] e : dynamic) {
                if (i++ == d) {
                    return e;
                }
            }
            throw new HpackException("no header table entry " + index);
        }

        private void add(String[] field) {
            int entrySize = field[0].length() + field[1].length() + 32;
            evict(entrySize);
            if (entrySize <= maxSize) {
                dynamic.addFirst(field);
                size += entrySize;
            }
        }

        /** Drops the oldest entries until {@code room} more octets fit (all of them if it never fits). */
        private void evict(int room) {
            while (!dynamic.isEmpty() && size + room > maxSize) {
                String[] e = dynamic.removeLast();
                size -= e[0].length() + e[1].length() + 32;
            }
        }

        private int integer(int n) throws HpackException {
            int max = (1 << n) - 1;
            int value = next() & max;
            if (value < max) {
                return value;
            }
            int shift = 0;
            int b;
            do {
                b = next();
                if (shift > 21) {
                    throw new HpackException("integer too large");
                }
                value += (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return value;
        }

        private int next() throws HpackException {
            if (pos >= end) {
                throw new HpackException("truncated header block");
            }
            return in[pos++] & 0xff;
        }

        private String string() throws HpackException {
            boolean huffman = pos < end && (in[pos] & 0x80) != 0;
            int len = integer(7);
            if (len > end - pos) {
                throw new HpackException("truncated header string");
            }
            int start = pos;
            pos += len;
            return huffman ? huffman(in, start, len)
                    : new String(in, start, len, StandardCharsets.ISO_8859_1);
        }
    }

    /** A Huffman-coded string: bit by bit along the canonical code; the padding must be EOS's ones. */
    static String huffman(byte[] data, int offset, int length) throws HpackException {
        StringBuilder out = new StringBuilder(length * 8 / 5);
        int code = 0;
        int len = 0;
        for (int i = offset; i < offset + length; i++) {
            int b = data[i] & 0xff;
            for (int bit = 7; bit >= 0; bit--) {
                code = (code << 1) | ((b >>> bit) & 1);
                len++;
                int k = code - FIRST_CODE[len];
                if (k >= 0 && k < COUNT[len]) {
                    int symbol = SYMBOLS[FIRST_INDEX[len] + k];
                    if (symbol == EOS) {
                        throw new HpackException("EOS in a Huffman string");
                    }
                    out.append((char) symbol);
                    code = 0;
                    len = 0;
                } else if (len == MAX_CODE_LENGTH) {
                    throw new HpackException("invalid Huffman code");
                }
            }
        }
        if (len > 7 || code != (1 << len) - 1) {
            throw new HpackException("invalid Huffman padding");
        }
        return out.toString();
    }
}
