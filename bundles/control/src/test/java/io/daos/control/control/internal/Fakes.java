package io.daos.control.control.internal;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.harness.Harness;

/**
 * Fakes of the services the control bundle uses besides the storage and network providers
 * (those are the api test-jar's FakeScmProvider, FakeBdevProvider and FakeNetworkScanner).
 */
final class Fakes {

    private Fakes() {
    }

    static ServerConfig serverConfig(IOServerConfig... servers) {
        return serverConfig(List.of(), List.of(), servers);
    }

    /** A server config with the given instances and {@code bdev_include} / {@code bdev_exclude}. */
    static ServerConfig serverConfig(List<String> include, List<String> exclude, IOServerConfig... servers) {
        return serverConfig(include, exclude, 0, servers);
    }

    /** As above, with {@code nr_hugepages}. */
    static ServerConfig serverConfig(List<String> include, List<String> exclude, int nrHugepages,
            IOServerConfig... servers) {
        List<IOServerConfig> list = List.of(servers);
        return (ServerConfig) Proxy.newProxyInstance(ServerConfig.class.getClassLoader(),
                new Class<?>[] {ServerConfig.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "servers":
                            return list;
                        case "bdevInclude":
                            return include;
                        case "bdevExclude":
                            return exclude;
                        case "nrHugepages":
                            return nrHugepages;
                        default:
                            throw new UnsupportedOperationException(m.getName());
                    }
                });
    }

    static final class FakeHarness implements Harness {
        volatile boolean started;
        final int count;
        final List<Integer> released = new ArrayList<>();

        FakeHarness(int count) {
            this.count = count;
        }

        @Override
        public int instanceCount() {
            return count;
        }

        @Override
        public boolean isStarted() {
            return started;
        }

        @Override
        public synchronized void storageReady(int index) {
            if (index < 0 || index >= count) {
                throw new IllegalArgumentException("no instance " + index);
            }
            released.add(index);
        }
    }
}
