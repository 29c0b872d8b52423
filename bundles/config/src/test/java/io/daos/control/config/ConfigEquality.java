package io.daos.control.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ServerConfig;

/**
 * Equality of two configurations as their users see them: every accessor of {@link ServerConfig}
 * (all but {@code configPath}, which names where each was read from) and, server by server, every
 * accessor of {@link IOServerConfig}. Found by reflection, so an accessor added later is compared
 * too. In the config bundle's test-jar (the launcher's tests use it as well).
 */
public final class ConfigEquality {

    private ConfigEquality() {
    }

    /** Fails listing every difference. */
    public static void assertEqualConfigs(ServerConfig expected, ServerConfig actual) {
        List<String> d = differences(expected, actual);
        if (!d.isEmpty()) {
            throw new AssertionError("configurations differ:\n  " + String.join("\n  ", d));
        }
    }

    /** {@code <accessor>: <a> != <b>} for each accessor whose values differ. */
    public static List<String> differences(ServerConfig a, ServerConfig b) {
        List<String> d = new ArrayList<>();
        for (Method m : accessors(ServerConfig.class)) {
            if (m.getName().equals("configPath")) {
                continue;
            }
            if (m.getName().equals("servers")) {
                List<IOServerConfig> sa = a.servers();
                List<IOServerConfig> sb = b.servers();
                if (sa.size() != sb.size()) {
                    d.add("servers: " + sa.size() + " entries != " + sb.size());
                    continue;
                }
                for (int i = 0; i < sa.size(); i++) {
                    for (Method s : accessors(IOServerConfig.class)) {
                        compare("servers[" + i + "]." + s.getName(), s, sa.get(i), sb.get(i), d);
                    }
                }
                continue;
            }
            compare(m.getName(), m, a, b, d);
        }
        return d;
    }

    private static void compare(String name, Method m, Object a, Object b, List<String> d) {
        Object va = invoke(m, a);
        Object vb = invoke(m, b);
        if (!Objects.equals(va, vb)) {
            d.add(name + ": " + va + " != " + vb);
        }
    }

    private static List<Method> accessors(Class<?> type) {
        List<Method> l = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0
                    && m.getReturnType() != void.class) {
                l.add(m);
            }
        }
        l.sort(Comparator.comparing(Method::getName));
        return l;
    }

    private static Object invoke(Method m, Object o) {
        try {
            return m.invoke(o);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError(m.getName() + ": " + e, e);
        }
    }
}
