package io.daos.control.api.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.daos.control.api.grpc.Bounds;

/**
 * Which components may call the methods of a gRPC module added to a secure server. Over TLS the
 * security bundle allows the reference's methods by its built-in table (SPEC-SYSTEM §5.4) and
 * denies every other method, unless the module that serves it declared its callers with the
 * service property {@value #PROPERTY} on its {@code io.grpc.BindableService} registration:
 *
 * <pre>
 * &#64;Component(service = BindableService.class,
 *         property = MethodAccess.PROPERTY + "=admin")
 * </pre>
 *
 * <p>The property is a String or a String array (or a collection of strings); each element is
 * either
 * <ul>
 * <li>a comma-separated list of components — {@code admin}, {@code agent}, {@code server}, or
 * {@code *} for every verified component — allowed to call every method of the service(s) the
 * module binds (e.g. {@code "admin"}, {@code "agent,admin"}, {@code "*"}); or</li>
 * <li>{@code Method=components} for one method, by its bare name (e.g. {@code "Echo=admin,agent"});
 * for that method it replaces the service-wide list.</li>
 * </ul>
 * Elements of the same kind add up. A caller whose certificate names no component
 * ({@code undefined}) is never allowed. A declaration covers only the services the module itself
 * binds, and never a service of the built-in table ({@code ctl.MgmtCtl}, {@code mgmt.MgmtSvc},
 * {@code peer.ControlPeer}, health, reflection): the table always wins. A value that does not
 * parse makes the whole declaration void (the module's methods stay denied); the security bundle
 * says so once. Insecure servers ignore it: they allow everything to everyone.
 */
public final class MethodAccess {

    /** The service property of a {@code BindableService} registration declaring its callers. */
    public static final String PROPERTY = "daos.grpc.components";
    public static final String ADMIN = "admin";
    public static final String AGENT = "agent";
    public static final String SERVER = "server";
    /** Every verified component. */
    public static final String ANY = "*";
    /** The components a declaration may name. */
    public static final Set<String> COMPONENTS = Set.of(ADMIN, AGENT, SERVER, ANY);

    /** A bare gRPC method name: no package, no service, no slash. */
    private static final Pattern METHOD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** The most elements a declaration may have. */
    private static final int MAX_ELEMENTS = 256;

    /** Declares nothing: every method denied. */
    public static final MethodAccess NONE = new MethodAccess(Set.of(), Map.of());

    private final Set<String> service;
    private final Map<String, Set<String>> methods;

    private MethodAccess(Set<String> service, Map<String, Set<String>> methods) {
        this.service = service;
        this.methods = methods;
    }

    /**
     * Parses the value of {@value #PROPERTY}.
     *
     * @param value a String, a String array or a collection of strings; null declares nothing
     * @throws IllegalArgumentException naming the property and quoting the bad element
     */
    public static MethodAccess parse(Object value) {
        if (value == null) {
            return NONE;
        }
        List<Object> elements = new ArrayList<>();
        if (value instanceof String s) {
            elements.add(s);
        } else if (value instanceof String[] array) {
            elements.addAll(List.of(array));
        } else if (value instanceof Collection<?> collection) {
            elements.addAll(collection);
        } else {
            throw new IllegalArgumentException(PROPERTY + ": a String or String[] expected, not a "
                    + value.getClass().getSimpleName());
        }
        if (elements.isEmpty() || elements.size() > MAX_ELEMENTS) {
            throw new IllegalArgumentException(PROPERTY + ": between 1 and " + MAX_ELEMENTS
                    + " values expected, got " + elements.size());
        }
        Set<String> service = new LinkedHashSet<>();
        Map<String, Set<String>> methods = new HashMap<>();
        for (Object element : elements) {
            if (!(element instanceof String text)) {
                throw new IllegalArgumentException(PROPERTY + ": a String expected, not "
                        + (element == null ? "null" : "a " + element.getClass().getSimpleName()));
            }
            int eq = text.indexOf('=');
            if (eq < 0) {
                service.addAll(components(text, text));
            } else {
                String method = text.substring(0, eq).strip();
                if (!METHOD.matcher(method).matches()) {
                    throw new IllegalArgumentException(PROPERTY + ": " + Bounds.quote(text)
                            + " does not start with a bare method name (Method=components)");
                }
                methods.computeIfAbsent(method, m -> new LinkedHashSet<>())
                        .addAll(components(text.substring(eq + 1), text));
            }
        }
        Map<String, Set<String>> frozen = new HashMap<>();
        methods.forEach((m, c) -> frozen.put(m, Set.copyOf(c)));
        return new MethodAccess(Set.copyOf(service), Map.copyOf(frozen));
    }

    private static Set<String> components(String list, String element) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : list.split(",", -1)) {
            String component = part.strip();
            if (!COMPONENTS.contains(component)) {
                throw new IllegalArgumentException(PROPERTY + ": " + Bounds.quote(element)
                        + (component.isEmpty() ? " has an empty component"
                                : " names " + Bounds.quote(component) + ", not one of admin, agent, server, *"));
            }
            out.add(component);
        }
        return out;
    }

    /**
     * Whether {@code component} may call {@code method} (a bare method name) of a service this
     * declaration covers.
     *
     * @param component the caller's component: {@code admin}, {@code agent}, {@code server};
     *                  anything else is never allowed
     */
    public boolean allows(String method, String component) {
        if (!ADMIN.equals(component) && !AGENT.equals(component) && !SERVER.equals(component)) {
            return false;
        }
        Set<String> allowed = methods.getOrDefault(method, service);
        return allowed.contains(ANY) || allowed.contains(component);
    }

    /** Whether this declares nothing at all. */
    public boolean isEmpty() {
        return service.isEmpty() && methods.isEmpty();
    }

    /** The components allowed every method not named on its own. */
    public Set<String> serviceWide() {
        return service;
    }

    /** The per-method lists, by bare method name. */
    public Map<String, Set<String>> perMethod() {
        return methods;
    }

    @Override
    public String toString() {
        return "MethodAccess" + service + (methods.isEmpty() ? "" : methods.toString());
    }
}
