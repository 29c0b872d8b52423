package io.daos.control.testsummary;

/**
 * One test that a build did not run: a JUnit assumption that did not hold, or {@code @Ignore}.
 *
 * @param module    the module's directory relative to the reactor root, e.g. {@code bundles/harness}
 * @param className the test class (fully qualified)
 * @param method    the test method, or empty when the whole class was skipped (an assumption in
 *                  {@code @BeforeClass} or a class rule)
 * @param reason    the skip message on one line, empty when the test gave none
 */
public record Skipped(String module, String className, String method, String reason) {

    /** {@code SimpleClassName#method}, or {@code SimpleClassName (whole class)}. */
    public String test() {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return method.isEmpty() ? simple + " (whole class)" : simple + "#" + method;
    }
}
