package io.daos.control.dmg.cli;

import java.util.ArrayList;
import java.util.List;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A composed YAML node, as much as the strict reader needs: kind, resolved tag in yaml.v2's
 * display form ({@code !!str}, {@code !!int}, ...), scalar text, children and the 1-based line.
 * Built by {@link SimpleYaml} without loading snakeyaml, or converted from snakeyaml's nodes.
 *
 * @param kind     scalar, sequence or mapping
 * @param tag      the resolved tag ({@code !!null} for null scalars)
 * @param value    the scalar text ({@code ""} for collections)
 * @param children sequence items, or mapping keys and values alternating
 * @param line     the 1-based line where the node starts
 */
record YamlNode(Kind kind, String tag, String value, List<YamlNode> children, int line) {

    /** The node kinds. */
    enum Kind {
        SCALAR, SEQUENCE, MAPPING
    }

    static final String STR = "!!str";
    static final String INT = "!!int";
    static final String BOOL = "!!bool";
    static final String NULL = "!!null";

    static YamlNode scalar(String tag, String value, int line) {
        return new YamlNode(Kind.SCALAR, tag, value, List.of(), line);
    }

    boolean isNull() {
        return kind == Kind.SCALAR && tag.equals(NULL);
    }

    /** The node snakeyaml composed, converted. */
    static YamlNode of(Node n) {
        int line = n.getStartMark() == null ? 1 : n.getStartMark().getLine() + 1;
        String t = n.getTag().getValue();
        String tag = t.startsWith(Tag.PREFIX) ? "!!" + t.substring(Tag.PREFIX.length()) : t;
        if (n instanceof ScalarNode s) {
            return scalar(tag, s.getValue(), line);
        }
        List<YamlNode> children = new ArrayList<>();
        if (n instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                children.add(of(item));
            }
            return new YamlNode(Kind.SEQUENCE, tag, "", children, line);
        }
        for (NodeTuple tuple : ((MappingNode) n).getValue()) {
            children.add(of(tuple.getKeyNode()));
            children.add(of(tuple.getValueNode()));
        }
        return new YamlNode(Kind.MAPPING, tag, "", children, line);
    }
}
