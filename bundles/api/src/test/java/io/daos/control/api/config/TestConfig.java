package io.daos.control.api.config;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal {@link IOServerConfig} for tests of the storage and control bundles: only the
 * storage getters, set by name (shipped in the api test-jar).
 */
public final class TestConfig {

    private final Map<String, Object> values = new HashMap<>();

    public TestConfig() {
        values.put("index", 0);
        values.put("scmMount", "");
        values.put("scmClass", ScmClass.NONE);
        values.put("scmSize", 0);
        values.put("scmList", List.of());
        values.put("bdevClass", BdevClass.NONE);
        values.put("bdevList", List.of());
        values.put("bdevNumber", 0);
        values.put("bdevSize", 0);
        values.put("hostname", "");
    }

    public static TestConfig ram(String mount, int size) {
        return new TestConfig().set("scmClass", ScmClass.RAM).set("scmMount", mount).set("scmSize", size);
    }

    public static TestConfig dcpm(String mount, String... devices) {
        return new TestConfig().set("scmClass", ScmClass.DCPM).set("scmMount", mount)
                .set("scmList", List.of(devices));
    }

    public TestConfig set(String getter, Object value) {
        values.put(getter, value);
        return this;
    }

    public IOServerConfig build() {
        Map<String, Object> v = new HashMap<>(values);
        return (IOServerConfig) Proxy.newProxyInstance(IOServerConfig.class.getClassLoader(),
                new Class<?>[] {IOServerConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("toString")) {
                        return "TestConfig" + v;
                    }
                    if (!v.containsKey(method.getName())) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return v.get(method.getName());
                });
    }
}
