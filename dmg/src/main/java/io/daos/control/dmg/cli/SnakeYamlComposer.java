package io.daos.control.dmg.cli;

import java.io.StringReader;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Full YAML composition with snakeyaml, for documents outside {@link SimpleYaml}'s subset; syntax
 * errors become {@code yaml: line <n>: <problem>}. A class of its own so that snakeyaml is not
 * loaded (not even for verification) when the quick path serves.
 */
final class SnakeYamlComposer {

    private SnakeYamlComposer() {
    }

    static YamlNode compose(String text) throws ClientConfigParser.ParseException {
        LoaderOptions opts = new LoaderOptions();
        opts.setAllowDuplicateKeys(true);
        opts.setMaxAliasesForCollections(50);
        try {
            // the composer alone: the Yaml facade would also load constructors and representers
            Composer composer = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), opts),
                    new Resolver(), opts);
            return composer.checkNode() ? YamlNode.of(composer.getNode()) : null;
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            return failSyntax(m == null ? "" : "line " + (m.getLine() + 1) + ": ", problem);
        } catch (YAMLException e) {
            return failSyntax("", e.getMessage());
        }
    }

    private static YamlNode failSyntax(String where, String problem) throws ClientConfigParser.ParseException {
        String p = problem == null ? "syntax error" : problem.trim().split("\n", 2)[0];
        // libyaml's wording for the most common mistake (a mis-indented key)
        p = p.replace("mapping values are not allowed here", "mapping values are not allowed in this context");
        throw new ClientConfigParser.ParseException("yaml: " + where + p);
    }
}
