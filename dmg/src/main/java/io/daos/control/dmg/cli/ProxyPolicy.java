package io.daos.control.dmg.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Step 1 of SPEC-SYSTEM §6.1 as a decision: the JVM cannot remove variables from its own
 * environment, so the connection layer is told instead to ignore the proxy variables
 * ({@code http_proxy https_proxy ftp_proxy socks_proxy no_proxy} and their upper-case forms) and
 * dial directly, unless {@code --allow-proxy} is given or {@code DAOS_DISABLE_PROXY_SCRUB} holds a
 * true boolean.
 *
 * @param scrub     whether proxies must be ignored
 * @param variables the proxy variables set in the environment (ignored when {@code scrub})
 */
public record ProxyPolicy(boolean scrub, List<String> variables) {

    /** The proxy variables of the reference. */
    public static final List<String> PROXY_VARIABLES = List.of("http_proxy", "https_proxy", "ftp_proxy",
            "socks_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "SOCKS_PROXY", "NO_PROXY");

    /** The variable that disables the scrub. */
    public static final String DISABLE_VARIABLE = "DAOS_DISABLE_PROXY_SCRUB";

    /** Copies the list. */
    public ProxyPolicy {
        variables = List.copyOf(variables);
    }

    /** The decision for {@code --allow-proxy} and the environment. */
    public static ProxyPolicy decide(boolean allowProxy, Function<String, String> env) {
        boolean scrub = !allowProxy && !goTrue(env.apply(DISABLE_VARIABLE));
        List<String> set = new ArrayList<>();
        for (String v : PROXY_VARIABLES) {
            if (env.apply(v) != null) {
                set.add(v);
            }
        }
        return new ProxyPolicy(scrub, set);
    }

    /** Go's {@code strconv.ParseBool} true values. */
    private static boolean goTrue(String s) {
        return s != null && switch (s) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            default -> false;
        };
    }
}
