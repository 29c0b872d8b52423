package io.daos.control.control.internal;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    /**
     * A harness with a gate of its own: a work runs unless {@link #started} or {@link #gateLeft};
     * a release outside a work is a test failure.
     */
    static final class FakeHarness implements Harness {
        volatile boolean started;
        /** The harness has left the gate while isStarted() is still false: format refused all the same. */
        volatile boolean gateLeft;
        /** The wait for the gate is interrupted. */
        volatile boolean interrupt;
        volatile boolean inGate;
        volatile int works;
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
        public synchronized <T, E extends Exception> Optional<T> atFormatGate(GateWork<T, E> work)
                throws E, InterruptedException {
            if (interrupt) {
                throw new InterruptedException();
            }
            if (started || gateLeft) {
                return Optional.empty();
            }
            works++;
            inGate = true;
            try {
                return Optional.of(work.run());
            } finally {
                inGate = false;
            }
        }

        @Override
        public synchronized void storageReady(int index) {
            if (!inGate) {
                throw new AssertionError("storageReady(" + index + ") outside the format gate");
            }
            if (index < 0 || index >= count) {
                throw new IllegalArgumentException("no instance " + index);
            }
            released.add(index);
        }
    }
}
