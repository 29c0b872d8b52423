package io.daos.control.dmg.conn;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.Test;

/** HPACK against the examples of RFC 7541 appendix C, and our own blocks read back. */
public class HpackTest {

    private static String decode(Hpack.Decoder d, String hex) throws Exception {
        return d.decode(HexFormat.of().parseHex(hex.replace(" ", ""))).stream().map(f -> f[0] + ": " + f[1])
                .collect(Collectors.joining("\n"));
    }

    /**
     * C.3 and C.4: the same requests with literal and with Huffman strings, the dynamic table
     * carried from one to the next (the third only in C.4 here).
     */
    @Test
    public void theRfcRequestsLiteralAndHuffmanWithTheDynamicTable() throws Exception {
        String first = ":method: GET\n:scheme: http\n:path: /\n:authority: www.example.com";
        String second = first + "\ncache-control: no-cache";
        Hpack.Decoder literal = new Hpack.Decoder(4096);
        Hpack.Decoder huffman = new Hpack.Decoder(4096);
        assertEquals(first, decode(literal, "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"));
        assertEquals(first, decode(huffman, "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff"));
        assertEquals(second, decode(literal, "8286 84be 5808 6e6f 2d63 6163 6865"));
        assertEquals(second, decode(huffman, "8286 84be 5886 a8eb 1064 9cbf"));
        assertEquals(":method: GET\n:scheme: https\n:path: /index.html\n:authority: www.example.com\n"
                + "custom-key: custom-value",
                decode(huffman, "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf"));
    }

    @Test
    public void ourBlocksReadBack() throws Exception {
        String big = "x".repeat(300);
        List<Map.Entry<String, String>> fields = List.of(Map.entry(":path", "/ctl.MgmtCtl/SystemQuery"),
                Map.entry("te", "trailers"), Map.entry("long-" + big, big));
        List<String[]> back = new Hpack.Decoder(4096).decode(Hpack.encode(fields));
        assertEquals(fields.stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.toList()),
                back.stream().map(f -> f[0] + "=" + f[1]).collect(Collectors.toList()));
    }

    @Test
    public void malformedBlocksAreErrors() {
        Hpack.Decoder d = new Hpack.Decoder(4096);
        assertThrows(Hpack.HpackException.class, () -> d.decode(new byte[] {(byte) 0xff, (byte) 0x80}));
        assertThrows(Hpack.HpackException.class, () -> d.decode(new byte[] {(byte) 0xbe}));
        assertThrows(Hpack.HpackException.class, () -> d.decode(new byte[] {0x04, 0x05, 'a'}));
        // a table size update beyond our SETTINGS_HEADER_TABLE_SIZE
        assertThrows(Hpack.HpackException.class, () -> d.decode(new byte[] {0x3f, (byte) 0xe2, 0x1f}));
    }

    @Test
    public void grpcTimeoutsHaveAtMostEightDigits() {
        assertEquals("5000000n", H2Call.timeout(5_000_000L));
        assertEquals("100000u", H2Call.timeout(100_000_000L));
        assertEquals("10000000u", H2Call.timeout(10_000_000_000L));
        assertEquals("7200000m", H2Call.timeout(7_200_000_000_000L));
    }

    @Test
    public void grpcMessagesArePercentDecodedUtf8() {
        assertEquals("pool 50% full: é", GrpcFields.percentDecoded("pool 50%25 full: %C3%A9"));
        assertEquals("100%", GrpcFields.percentDecoded("100%"));
    }
}
