package io.daos.control.proto;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** The markdown parser behind wire-contract.txt, on small hand-written documents. */
public class WireContractFromMarkdownTest {

    private static final List<String> MINI = List.of(
            "# Title",
            "## 2. gRPC services",
            "### 2.2 Service `pk.Svc`",
            "| # | RPC | Request | Response | Kind | Notes |",
            "|---|---|---|---|---|---|",
            "| 1 | `Get` | `pk.Req` | `pk.Resp` | unary | a | b |",
            "| 2 | `Watch` | `pk.Req` | stream of `pk.Resp` | server-streaming | x |",
            "## 3. Protobuf messages and enums, by file",
            "### 3.1 pk/svc (`pk/svc.proto`)",
            "Package `pk`; imports: types.proto, more.proto. Defines only the service `pk.Svc` (section 2.2); no messages.",
            "### 3.2 pk/types (`pk/types.proto`)",
            "Package `pk`; imports: none. Types.",
            "**message `pk.Req`** — No fields.",
            "**message `pk.Resp`**",
            "",
            "| # | Field | Type | Meaning |",
            "|---|---|---|---|",
            "| 1 | `status` | enum pk.Resp.Code | outcome |",
            "| 2 | `ids` | repeated uint32 | |",
            "| 3 | `name` | string (oneof prop) | by name |",
            "| 4 | `sub` | repeated message pk.Req | |",
            "",
            "**enum `pk.Resp.Code`**",
            "",
            "| Value | Number |",
            "|---|---|",
            "| `OK` | 0 |",
            "| `BAD` | -1 |",
            "### 3.3 External types",
            "**message `google.rpc.ErrorInfo`**",
            "| # | Field | Type | Meaning |",
            "|---|---|---|---|",
            "| 3 | `metadata` | map<string,string> | keys |",
            "## 4. dRPC",
            "| # | Field | Type | Meaning |",
            "| 1 | `ignored` | string | outside section 3 |");

    @Test
    public void derivesEveryKindOfLine() {
        List<String> got = WireContractFromMarkdown.derive(MINI);
        assertEquals(List.of(
                "method /pk.Svc/Get 1 pk.Req pk.Resp unary",
                "method /pk.Svc/Watch 2 pk.Req pk.Resp server-streaming",
                "file pk/svc.proto package pk",
                "import pk/svc.proto pk/types.proto",
                "import pk/svc.proto pk/more.proto",
                "service pk.Svc pk/svc.proto",
                "file pk/types.proto package pk",
                "message pk.Req pk/types.proto",
                "message pk.Resp pk/types.proto",
                "field pk.Resp 1 status enum:pk.Resp.Code singular",
                "field pk.Resp 2 ids uint32 repeated",
                "field pk.Resp 3 name string singular oneof:prop",
                "field pk.Resp 4 sub message:pk.Req repeated",
                "enum pk.Resp.Code pk/types.proto",
                "value pk.Resp.Code OK 0",
                "value pk.Resp.Code BAD -1",
                "message google.rpc.ErrorInfo (external)",
                "field google.rpc.ErrorInfo 3 metadata map<string,string> repeated"), got);
    }

    private static void assertRejected(List<String> md, String... fragments) {
        try {
            WireContractFromMarkdown.derive(md);
            fail("accepted bad markdown");
        } catch (WireContractFromMarkdown.BadMarkdownException e) {
            String msg = e.getMessage();
            assertTrue(msg, msg.startsWith("WIRE.md"));
            assertTrue("one line: " + msg, !msg.contains("\n"));
            for (String f : fragments) {
                assertTrue(msg + " should contain " + f, msg.contains(f));
            }
        }
    }

    private static List<String> replace(String from, String to) {
        List<String> md = new ArrayList<>(MINI);
        int i = md.indexOf(from);
        assertTrue("fixture line missing: " + from, i >= 0);
        md.set(i, to);
        return md;
    }

    @Test
    public void unknownFieldTypeNamesTheLine() {
        assertRejected(replace("| 2 | `ids` | repeated uint32 | |", "| 2 | `ids` | repeated uint33 | |"),
                "line 19", "unknown field type", "uint33");
    }

    @Test
    public void badFieldNumberIsRejected() {
        assertRejected(replace("| 2 | `ids` | repeated uint32 | |", "| two | `ids` | repeated uint32 | |"),
                "line 19", "not a positive number");
        assertRejected(replace("| 2 | `ids` | repeated uint32 | |", "| 0 | `ids` | repeated uint32 | |"),
                "line 19", "at least 1");
    }

    @Test
    public void streamingMismatchAndOrderAreRejected() {
        assertRejected(replace("| 2 | `Watch` | `pk.Req` | stream of `pk.Resp` | server-streaming | x |",
                "| 2 | `Watch` | `pk.Req` | stream of `pk.Resp` | unary | x |"), "line 7", "disagree");
        assertRejected(replace("| 2 | `Watch` | `pk.Req` | stream of `pk.Resp` | server-streaming | x |",
                "| 3 | `Watch` | `pk.Req` | stream of `pk.Resp` | server-streaming | x |"), "line 7", "out of order");
    }

    @Test
    public void serviceWithoutFileIsRejected() {
        assertRejected(replace(
                "Package `pk`; imports: types.proto, more.proto. Defines only the service `pk.Svc` (section 2.2); no messages.",
                "Package `pk`; imports: types.proto, more.proto."), "pk.Svc");
    }

    @Test
    public void typeOutsideItsPackageIsRejected() {
        assertRejected(replace("**message `pk.Req`** — No fields.", "**message `other.Req`** — No fields."),
                "line 13", "not in package pk");
    }

    @Test
    public void emptyDocumentIsRejected() {
        assertRejected(List.of("# nothing here"), "no service tables");
    }
}
