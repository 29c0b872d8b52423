package io.daos.control.itest.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.UnknownFieldSet;

/**
 * Random request bodies for any protobuf message type, driven by its {@link Descriptor} alone
 * (no code per method): field values at the edges of their type and random ones, strings and
 * bytes from empty to several MB, repeated fields up to 100,000 entries, nested messages, enum
 * numbers the schema does not know, unknown fields (also under the number of a known field with
 * another wire type), damaged encodings, and a share of pure random bytes. Most requests stay
 * well under the server's inbound limit ({@link #MAX_INBOUND}); a few go over it.
 *
 * <p>Everything comes from the {@link Random} handed in: the same seed gives the same bytes.
 * Numeric fields named in the constraints ({@code full field name -> [min, max]}) only get
 * values in that range, and are always set, so that a default outside the range (0) is never
 * sent either (for fields whose values act on the host, see docs/fuzzing.md).
 */
public final class RequestMutator {

    /** grpc-java's default maximum inbound message size (the server does not change it). */
    public static final int MAX_INBOUND = 4 << 20;
    /** The largest repeated field generated. */
    public static final int MAX_LIST = 100_000;
    /** The largest single string or bytes value generated. */
    public static final int MAX_STRING = 6 << 20;

    /** One generated request: the bytes sent and what kind of mutation made them. */
    public record Request(byte[] bytes, String kind) {
    }

    private static final List<String> WORDS = List.of("", "0", "-1", "1", "root", "nobody", "daos_server",
            "daos", "localhost", "127.0.0.1", "127.0.0.1:10001", "localhost:0", "[::1]:99999", "ofi+sockets",
            "ofi+verbs;ofi_rxm", "lo", "eth0", "ram", "file", "dcpm", "nvme", "0000:81:00.0", "0000:00:00.0 1:2:3.4",
            "../../../../etc/passwd", "/", "/dev/null", "/tmp", "/proc/self/mem", ".", "..", "*", "all", "0-1",
            "[0-1]", "0,1,2", "%s%n%x%d", "${jndi:ldap://x/a}", "'; DROP TABLE x; --", "\u0000", "\n\r\t",
            "\uD83D\uDE00\u202E\uFEFF", "\uFFFF", "00000000-0000-0000-0000-000000000000",
            "ffffffff-ffff-ffff-ffff-ffffffffffff", "not-a-uuid", "ACL:A::OWNER@:rw", "user@", "group@",
            "-rf", "--help", "$(reboot)", "`id`", "a b", "a\u0000b");

    private static final long[] EDGES = {0, 1, -1, 2, 3, 7, 8, 255, 256, 65535, 65536, 70000, Integer.MAX_VALUE,
        Integer.MIN_VALUE, 0xFFFFFFFFL, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 32, 1L << 40};

    private final Map<String, long[]> constraints;
    private final Map<String, List<String>> hints;

    /** A mutator; {@code constraints}: full field name to {min, max} for numeric fields. */
    public RequestMutator(Map<String, long[]> constraints) {
        this(constraints, Map.of());
    }

    /**
     * A mutator that also knows values meaningful to the node's state: {@code hints} maps a field
     * name (lower case, any message: {@code uuid}, {@code principal}, {@code scmbytes} ...) to
     * values, one of which such a field gets half of the time (a number field: the value parsed),
     * so that requests reach the code behind the checks (an existing pool, a valid ACE).
     */
    public RequestMutator(Map<String, long[]> constraints, Map<String, List<String>> hints) {
        this.constraints = Map.copyOf(constraints);
        this.hints = Map.copyOf(hints);
    }

    /** Per-request state: what is left of the size budget, what was done. */
    private static final class Ctx {
        final Random rnd;
        long budget;
        final Set<String> did = new TreeSet<>();

        Ctx(Random rnd, long budget) {
            this.rnd = rnd;
            this.budget = budget;
        }
    }

    /** A request for {@code type}. */
    public Request next(Descriptor type, Random rnd) {
        int pick = rnd.nextInt(100);
        if (pick < 8) {
            int n = size(rnd, rnd.nextInt(100) < 95 ? 64 << 10 : MAX_STRING);
            byte[] b = new byte[n];
            rnd.nextBytes(b);
            return new Request(b, n > MAX_INBOUND ? "random-bytes+oversize" : "random-bytes");
        }
        int b = rnd.nextInt(100);
        long budget = b < 70 ? 256 << 10 : b < 95 ? (3L << 20) + (512 << 10) : MAX_STRING;
        Ctx ctx = new Ctx(rnd, budget);
        DynamicMessage m = message(type, ctx, 0);
        byte[] bytes = m.toByteArray();
        String kind = "message";
        if (pick < 13 && bytes.length > 0) { // a damaged encoding of a well-formed message
            bytes = damage(bytes, rnd);
            ctx.did.add("damaged");
        }
        if (bytes.length > MAX_INBOUND) {
            ctx.did.add("oversize");
        }
        StringBuilder k = new StringBuilder(kind);
        for (String d : ctx.did) {
            k.append('+').append(d);
        }
        return new Request(bytes, k.toString());
    }

    /** A length up to {@code max}, most of them short. */
    private static int size(Random rnd, int max) {
        int c = rnd.nextInt(100);
        int limit = c < 45 ? 16 : c < 65 ? 256 : c < 80 ? 16 << 10 : c < 92 ? 1 << 20 : max;
        return rnd.nextInt(Math.min(limit, max) + 1);
    }

    private DynamicMessage message(Descriptor type, Ctx ctx, int depth) {
        DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
        int setPercent = depth == 0 ? 70 : depth < 3 ? 50 : 20;
        for (FieldDescriptor f : type.getFields()) {
            boolean constrained = constraints.containsKey(f.getFullName());
            if (!constrained && (ctx.budget <= 0 || ctx.rnd.nextInt(100) >= setPercent)) {
                continue; // a constrained field is always set: its default (0) may be out of range
            }
            if (f.isRepeated()) {
                int n = listSize(ctx);
                if (n >= 10_000) {
                    ctx.did.add("long-list");
                }
                for (int i = 0; i < n && ctx.budget > 0; i++) {
                    b.addRepeatedField(f, value(f, ctx, depth, n >= 1000));
                }
            } else {
                b.setField(f, value(f, ctx, depth, false));
            }
        }
        if (ctx.rnd.nextInt(100) < (depth == 0 ? 20 : 5)) {
            b.setUnknownFields(unknown(type, ctx));
            ctx.did.add("unknown-fields");
        }
        return b.build();
    }

    private int listSize(Ctx ctx) {
        int c = ctx.rnd.nextInt(100);
        if (c < 60) {
            return ctx.rnd.nextInt(4);
        }
        if (c < 85) {
            return 4 + ctx.rnd.nextInt(17);
        }
        if (c < 95) {
            return 21 + ctx.rnd.nextInt(1000);
        }
        return 10_000 + ctx.rnd.nextInt(MAX_LIST - 10_000 + 1);
    }

    private Object value(FieldDescriptor f, Ctx ctx, int depth, boolean small) {
        long[] range = constraints.get(f.getFullName());
        ctx.budget -= 6;
        List<String> hint = hints.get(f.getName().toLowerCase(java.util.Locale.ROOT));
        if (range == null && hint != null && !hint.isEmpty() && ctx.rnd.nextBoolean()) {
            String v = hint.get(ctx.rnd.nextInt(hint.size()));
            switch (f.getJavaType()) {
                case STRING:
                    ctx.did.add("hint");
                    return v;
                case INT:
                    return (int) Long.parseLong(v);
                case LONG:
                    return Long.parseLong(v);
                default:
                    break; // a hint for a field of another type: ignored
            }
        }
        switch (f.getJavaType()) {
            case INT:
                return (int) (range != null ? ranged(ctx.rnd, range) : number(ctx.rnd));
            case LONG:
                return range != null ? ranged(ctx.rnd, range) : number(ctx.rnd);
            case FLOAT:
                return (float) floating(ctx.rnd);
            case DOUBLE:
                return floating(ctx.rnd);
            case BOOLEAN:
                return ctx.rnd.nextBoolean();
            case ENUM:
                return enumValue(f.getEnumType(), ctx.rnd);
            case STRING:
                return string(ctx, small);
            case BYTE_STRING:
                byte[] bytes = new byte[length(ctx, small)];
                ctx.rnd.nextBytes(bytes);
                return ByteString.copyFrom(bytes);
            case MESSAGE:
                if (depth >= 6 || small && ctx.rnd.nextInt(100) < 80) {
                    return DynamicMessage.getDefaultInstance(f.getMessageType());
                }
                return message(f.getMessageType(), ctx, depth + 1);
            default:
                throw new IllegalStateException("field type " + f.getJavaType());
        }
    }

    private static long ranged(Random rnd, long[] range) {
        return range[0] + (long) (rnd.nextDouble() * (range[1] - range[0] + 1));
    }

    private static long number(Random rnd) {
        int c = rnd.nextInt(100);
        if (c < 40) {
            return EDGES[rnd.nextInt(EDGES.length)];
        }
        if (c < 70) {
            return rnd.nextInt(16);
        }
        return c < 85 ? rnd.nextInt() : rnd.nextLong();
    }

    private static double floating(Random rnd) {
        double[] edges = {0.0, -0.0, 1.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MAX_VALUE, Double.MIN_VALUE, 1e-300, 0.5};
        return rnd.nextInt(2) == 0 ? edges[rnd.nextInt(edges.length)] : (rnd.nextDouble() - 0.5) * 1e12;
    }

    private static EnumValueDescriptor enumValue(EnumDescriptor type, Random rnd) {
        List<EnumValueDescriptor> values = type.getValues();
        if (rnd.nextInt(100) < 70 || type.isClosed()) {
            return values.get(rnd.nextInt(values.size()));
        }
        int n = rnd.nextBoolean() ? (int) EDGES[rnd.nextInt(EDGES.length)] : rnd.nextInt();
        return type.findValueByNumberCreatingIfUnknown(n);
    }

    /** A string or bytes length: short mostly, huge rarely; never more than the budget left. */
    private int length(Ctx ctx, boolean small) {
        int n = size(ctx.rnd, small ? 64 : MAX_STRING);
        n = (int) Math.max(0, Math.min(n, ctx.budget));
        ctx.budget -= n;
        if (n >= 1 << 20) {
            ctx.did.add("huge-string");
        }
        return n;
    }

    private String string(Ctx ctx, boolean small) {
        if (ctx.rnd.nextInt(100) < 35) {
            String w = WORDS.get(ctx.rnd.nextInt(WORDS.size()));
            ctx.budget -= w.length();
            return w;
        }
        int n = length(ctx, small);
        if (n > 4096 && ctx.rnd.nextBoolean()) {
            return String.valueOf((char) ('a' + ctx.rnd.nextInt(26))).repeat(n);
        }
        char[] c = new char[n];
        int random = Math.min(n, 64 << 10); // beyond that the random block repeats (generation time)
        for (int i = 0; i < random; i++) {
            int k = ctx.rnd.nextInt(100);
            c[i] = k < 80 ? (char) (0x20 + ctx.rnd.nextInt(0x5f)) : k < 90 ? (char) ctx.rnd.nextInt(0x20)
                    : (char) (0xa0 + ctx.rnd.nextInt(0xd000));
        }
        for (int i = random; i < n; i++) {
            c[i] = c[i % random];
        }
        return new String(c);
    }

    /** 1 to 5 fields the type does not declare, or declared ones under another wire type. */
    private static UnknownFieldSet unknown(Descriptor type, Ctx ctx) {
        UnknownFieldSet.Builder u = UnknownFieldSet.newBuilder();
        Set<Integer> known = new HashSet<>();
        type.getFields().forEach(f -> known.add(f.getNumber()));
        int count = 1 + ctx.rnd.nextInt(5);
        for (int i = 0; i < count; i++) {
            int number;
            if (!known.isEmpty() && ctx.rnd.nextInt(100) < 30) {
                number = known.stream().toList().get(ctx.rnd.nextInt(known.size()));
            } else {
                do {
                    number = 1 + ctx.rnd.nextInt(ctx.rnd.nextBoolean() ? 64 : (1 << 29) - 1);
                } while (known.contains(number) || number >= 19000 && number <= 19999);
            }
            UnknownFieldSet.Field.Builder f = UnknownFieldSet.Field.newBuilder();
            switch (ctx.rnd.nextInt(4)) {
                case 0 -> f.addVarint(number(ctx.rnd));
                case 1 -> f.addFixed32(ctx.rnd.nextInt());
                case 2 -> f.addFixed64(ctx.rnd.nextLong());
                default -> {
                    byte[] b = new byte[(int) Math.max(0, Math.min(ctx.rnd.nextInt(1024), ctx.budget))];
                    ctx.rnd.nextBytes(b);
                    ctx.budget -= b.length;
                    f.addLengthDelimited(ByteString.copyFrom(b));
                }
            }
            u.mergeField(number, f.build());
        }
        return u.build();
    }

    /** Truncated, with flipped bytes, or with a bogus length prefix. */
    private static byte[] damage(byte[] bytes, Random rnd) {
        byte[] b = bytes.clone();
        switch (rnd.nextInt(3)) {
            case 0:
                return java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
            case 1:
                for (int i = 0, n = 1 + rnd.nextInt(8); i < n; i++) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
                return b;
            default:
                byte[] prefix = "\u00ff\u00ff\u00ff\u00ff\u000f".getBytes(StandardCharsets.ISO_8859_1);
                byte[] out = new byte[b.length + prefix.length + 1];
                out[0] = (byte) ((1 + rnd.nextInt(15)) << 3 | 2); // a length-delimited field...
                System.arraycopy(prefix, 0, out, 1, prefix.length); // ...claiming ~4 GB
                System.arraycopy(b, 0, out, prefix.length + 1, b.length);
                return out;
        }
    }

    /** The seed of request {@code index} of {@code method} in a run seeded {@code seed}. */
    public static long requestSeed(long seed, String method, int index) {
        long h = seed ^ 0x9E3779B97F4A7C15L * (method.hashCode() + 1L);
        h ^= (index + 1L) * 0xBF58476D1CE4E5B9L;
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        return h ^ (h >>> 29);
    }
}
