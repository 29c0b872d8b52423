package io.daos.control.dmg.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.util.List;

import org.junit.Test;

/** The quick composer must give what snakeyaml gives, or give up. */
public class SimpleYamlTest {

    /** Documents inside the subset: composed quickly. */
    private static final List<String> SUBSET = List.of(
            "",
            "# only a comment\n",
            "---\nname: daos_server\n",
            "name: daos_server\nport: 10001\nhostlist: ['localhost:10001']\ntransport_config:\n"
                    + "  allow_insecure: true\n  ca_cert: /etc/daos/daosCA.crt   # the CA\n",
            "hostlist:\n- node1:10001\n- \"node[2-3]:10001\"\nport: 0x2711\n",
            "hostlist:\n  - 10.0.0.1:10001\n  - 10.0.0.2\naccess_points: [10.0.0.1]\n",
            "name:\nport: ~\nhostlist: []\ntransport_config:\n",
            "port: abc\nbogus: 1\ntransport_config:\n  nope: yes\n  allow_insecure: off\n",
            "port: \"10001\"\nname: 12\nlog_file: a#b\nruntime_dir: it's\n",
            "transport_config: 5\nhostlist: localhost\nport: -7\n",
            "port: 99999999999\nname: [a]\n",
            "allow_insecure: true\r\nname: x\r\n",
            "- a\n- b\n");

    /** Documents outside it (or malformed): left to snakeyaml. */
    private static final List<String> OTHER = List.of(
            "name: a\n  b: c\n",
            "name: &a x\nlog_file: *a\n",
            "name: |\n  text\n",
            "port: 1.5\n",
            "port: 1_000\n",
            "name: 2001-12-14\n",
            "hostlist: [a,\n  b]\n",
            "name: \"a\\tb\"\n",
            "{name: x}\n",
            "\tname: x\n",
            "name: a: b\n",
            "  name: x\n",
            "name: 'it''s'\n",
            "name: x\n---\nname: y\n");

    private static String outcome(String doc, boolean quick) {
        try {
            return ClientConfigParser.parse(doc, "/x", quick).toString();
        } catch (ClientConfigParser.ParseException e) {
            return "error: " + e.getMessage();
        }
    }

    @Test
    public void subsetDocumentsAreComposedQuicklyAndAlikeSnakeyaml() {
        for (String doc : SUBSET) {
            assertNotNull(doc, SimpleYaml.compose(doc));
            assertEquals(doc, outcome(doc, false), outcome(doc, true));
        }
    }

    @Test
    public void otherDocumentsAreLeftToSnakeyaml() {
        for (String doc : OTHER) {
            assertNull(doc, SimpleYaml.compose(doc));
            assertEquals(doc, outcome(doc, false), outcome(doc, true));
        }
    }

    @Test
    public void typeErrorsKeepTheirLinesOnTheQuickPath() {
        assertEquals("error: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `abc` into int\n"
                + "  line 2: field bogus not found in type client.Configuration\n"
                + "  line 4: field nope not found in type security.TransportConfig", outcome(SUBSET.get(7), true));
    }
}
