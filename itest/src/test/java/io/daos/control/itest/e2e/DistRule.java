package io.daos.control.itest.e2e;

import org.junit.Assume;
import org.junit.rules.ExternalResource;

/**
 * One private copy of the assembled distribution for a test class ({@code @ClassRule}): copied
 * before the first test, and afterwards any process still running from it killed, anything
 * mounted below it (the default config's {@code data/scm*}) unmounted, and the copy deleted.
 */
final class DistRule extends ExternalResource {

    /** A condition checked before the copy is made. */
    interface Condition {
        boolean holds() throws Exception;
    }

    private final String prefix;
    private String assumption;
    private Condition condition;
    private Dist dist;

    /** A copy in a new temp directory named {@code prefix…}. */
    DistRule(String prefix) {
        this.prefix = prefix;
    }

    /** Skips the class (JUnit assumption, {@code message}) unless {@code condition} holds; no copy then. */
    DistRule assuming(String message, Condition condition) {
        this.assumption = message;
        this.condition = condition;
        return this;
    }

    @Override
    protected void before() throws Throwable {
        if (condition != null) {
            Assume.assumeTrue(assumption, condition.holds());
        }
        dist = Dist.copy(prefix);
    }

    @Override
    protected void after() {
        if (dist == null) {
            return;
        }
        Teardown t = new Teardown();
        t.step(() -> Teardown.killProcessesNaming(dist.home));
        t.step(() -> Teardown.unmountAndDelete(dist.home.getParent()));
        dist = null;
        t.finish();
    }

    /** The copy (only while the class runs). */
    Dist dist() {
        if (dist == null) {
            throw new IllegalStateException("no distribution copy: use DistRule as a @ClassRule");
        }
        return dist;
    }
}
