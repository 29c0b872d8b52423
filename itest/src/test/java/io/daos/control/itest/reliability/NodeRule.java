package io.daos.control.itest.reliability;

import java.util.Map;

import org.junit.Assume;
import org.junit.rules.ExternalResource;

import io.daos.control.itest.e2e.KillableNode;
import io.daos.control.itest.e2e.RunningNode;

/**
 * The node of one test of the suite ({@code @Rule}): created before it (skipped unless root: the
 * ram SCM is a tmpfs mount), not started; closed after it, passed or failed.
 */
final class NodeRule extends ExternalResource {

    private final String prefix;
    private final Map<String, String> properties;
    private KillableNode node;

    /** A node in temp directories named {@code prefix…}, with these framework properties. */
    NodeRule(String prefix, Map<String, String> properties) {
        this.prefix = prefix;
        this.properties = properties;
    }

    NodeRule(String prefix) {
        this(prefix, Map.of());
    }

    @Override
    protected void before() throws Throwable {
        Assume.assumeTrue("needs root: the ram SCM is a tmpfs mount", RunningNode.isRoot());
        node = KillableNode.create(prefix, properties);
    }

    @Override
    protected void after() {
        if (node != null) {
            node.close();
            node = null;
        }
    }

    /** The node (while the test runs). */
    KillableNode get() {
        return node;
    }
}
