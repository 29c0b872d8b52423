package io.daos.control.management.internal.db;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.UUID;

import org.junit.Test;

public class CodecTest {

    @Test
    public void ranksAreUnsigned32BitsAndUuidsSixteenBytes() {
        List<Long> ranks = List.of(0L, 1L, SystemDb.MAX_RANK, SystemDb.NIL_RANK);
        UUID u = UUID.randomUUID();
        byte[] bytes = Codec.encode(out -> {
            Codec.ranks(out, ranks);
            Codec.uuid(out, u);
        });
        assertEquals(4 + 4 * 4 + 16, bytes.length);
        assertEquals(ranks, Codec.decode(bytes, "t", in -> {
            List<Long> r = Codec.ranks(in);
            assertEquals(u, Codec.uuid(in));
            return r;
        }));
    }

    @Test
    public void errorsNameWhatWasDecoded() {
        assertEquals("t: truncated",
                assertThrows(IllegalArgumentException.class, () -> Codec.decode(new byte[1], "t", in -> in.readInt()))
                        .getMessage());
        assertEquals("t: count 4294967295 exceeds the bytes left",
                assertThrows(IllegalArgumentException.class,
                        () -> Codec.decode(new byte[] {-1, -1, -1, -1}, "t", Codec::ranks)).getMessage());
        assertEquals("t: unknown version 2", assertThrows(IllegalArgumentException.class,
                () -> Codec.decode(new byte[] {2}, "t", in -> {
                    Codec.version(in, 1, "t");
                    return null;
                })).getMessage());
    }
}
