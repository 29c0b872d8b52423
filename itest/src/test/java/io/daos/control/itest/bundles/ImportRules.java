package io.daos.control.itest.bundles;

import java.util.ArrayList;
import java.util.List;

/**
 * The house rule for our bundles' manifests (DESIGN.md: a bundle reaches another only through api
 * services): of our own packages ({@code io.daos.control.*}) a bundle may import only the api, the
 * wire contract, the native bindings, the gRPC runtime wrapper's own package (its Netty warm-up,
 * which the bundles that use Netty await: part of the gRPC library as we ship it, like
 * {@code io.grpc.*}) and its own packages.
 */
final class ImportRules {

    static final String OURS = "io.daos.control.";
    static final List<String> SHARED = List.of("io.daos.control.api", "io.daos.control.proto",
            "io.daos.control.jna", "io.daos.control.grpc.runtime");

    private ImportRules() {
    }

    /** Whether {@code pkg} is {@code prefix} itself or one of its sub-packages. */
    static boolean within(String pkg, String prefix) {
        return pkg.equals(prefix) || pkg.startsWith(prefix + ".");
    }

    /**
     * The imported packages of ours that break the rule, for a bundle with this symbolic name and
     * these exported packages.
     */
    static List<String> violations(String symbolicName, List<String> exports, List<String> imports) {
        List<String> bad = new ArrayList<>();
        for (String pkg : imports) {
            if (!pkg.startsWith(OURS)) {
                continue;
            }
            boolean ok = SHARED.stream().anyMatch(p -> within(pkg, p))
                    || within(pkg, symbolicName)
                    || exports.contains(pkg);
            if (!ok) {
                bad.add(pkg);
            }
        }
        return bad;
    }

    /**
     * The package names of an OSGi header ({@code Import-Package}, {@code Export-Package}): clauses
     * separated by commas outside quotes, each {@code pkg1;pkg2;attr=value;dir:=value}.
     */
    static List<String> packages(String header) {
        List<String> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        List<String> clauses = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                clauses.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        clauses.add(cur.toString());
        for (String clause : clauses) {
            for (String part : clause.split(";")) {
                String p = part.trim();
                if (p.isEmpty() || p.contains("=")) {
                    break; // parameters follow the package names
                }
                out.add(p);
            }
        }
        return out;
    }
}
