package io.daos.control.control.internal;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.fault.Fault;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.network.FabricInterface;
import io.daos.control.api.network.NetworkScanException;
import io.daos.control.api.network.NetworkScanner;
import io.daos.control.api.storage.BdevFilter;
import io.daos.control.api.storage.BdevFormatResult;
import io.daos.control.api.storage.BdevPrepareRequest;
import io.daos.control.api.storage.BdevProvider;
import io.daos.control.api.storage.NvmeController;
import io.daos.control.api.storage.ScmPrepareResult;
import io.daos.control.api.storage.ScmProvider;
import io.daos.control.api.storage.ScmRegionState;
import io.daos.control.api.storage.ScmScan;
import io.daos.control.api.storage.ScmState;
import io.daos.control.api.storage.StorageException;

/** Fakes of the services the control bundle uses (no PMem, NVMe or SPDK here). */
final class Fakes {

    private Fakes() {
    }

    static ServerConfig serverConfig(IOServerConfig... servers) {
        return serverConfig(List.of(), List.of(), servers);
    }

    /** A server config with the given instances and {@code bdev_include} / {@code bdev_exclude}. */
    static ServerConfig serverConfig(List<String> include, List<String> exclude, IOServerConfig... servers) {
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
                        default:
                            throw new UnsupportedOperationException(m.getName());
                    }
                });
    }

    /** A network scanner returning a fixed result or failing; records the providers asked for. */
    static final class FakeNetworkScanner implements NetworkScanner {
        final List<String> asked = new ArrayList<>();
        List<FabricInterface> result = List.of();
        NetworkScanException error;
        RuntimeException runtimeError;

        @Override
        public List<FabricInterface> scan(String provider) throws NetworkScanException {
            asked.add(provider);
            if (error != null) {
                throw error;
            }
            if (runtimeError != null) {
                throw runtimeError;
            }
            return result;
        }
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

    /** Per mount point: whether formatted (mounted); configurable errors. */
    static final class FakeScm implements ScmProvider {
        final Set<String> mounted = new HashSet<>();
        final List<String> formatted = new ArrayList<>();
        StorageException checkError;
        StorageException requestError;
        StorageException formatError;
        boolean formatReportsUnformatted;
        ScmScan scanResult = new ScmScan(ScmRegionState.UNKNOWN, List.of(), List.of());
        StorageException scanError;
        int scanCalls;
        ScmPrepareResult prepareResult = new ScmPrepareResult(ScmRegionState.UNKNOWN, false, List.of());
        StorageException prepareError;
        final List<Boolean> prepareCalls = new ArrayList<>();

        @Override
        public void checkRequest(IOServerConfig config) throws StorageException {
            if (requestError != null) {
                throw requestError;
            }
        }

        @Override
        public ScmState check(IOServerConfig config) throws StorageException {
            if (checkError != null) {
                throw checkError;
            }
            boolean m = mounted.contains(config.scmMount());
            return new ScmState(config.scmMount(), m, m, false);
        }

        @Override
        public ScmState format(IOServerConfig config) throws StorageException {
            if (formatError != null) {
                throw formatError;
            }
            formatted.add(config.scmMount());
            if (formatReportsUnformatted) {
                return new ScmState(config.scmMount(), false, false, false);
            }
            mounted.add(config.scmMount());
            return new ScmState(config.scmMount(), true, true, false);
        }

        @Override
        public void mount(IOServerConfig config) {
            mounted.add(config.scmMount());
        }

        @Override
        public boolean isMounted(String target) {
            return mounted.contains(target);
        }

        @Override
        public ScmScan scan() throws StorageException {
            scanCalls++;
            if (scanError != null) {
                throw scanError;
            }
            return scanResult;
        }

        @Override
        public ScmPrepareResult prepare(boolean reset) throws StorageException {
            prepareCalls.add(reset);
            if (prepareError != null) {
                throw prepareError;
            }
            return prepareResult;
        }
    }

    /** Formats every device, except those given a fault. */
    static final class FakeBdev implements BdevProvider {
        final Map<String, Fault> faults = new HashMap<>();
        final List<String> formatted = new ArrayList<>();
        StorageException callError;
        List<NvmeController> scanResult = List.of();
        StorageException scanError;
        RuntimeException scanRuntimeError;
        final List<BdevFilter> filters = new ArrayList<>();
        final List<BdevPrepareRequest> prepared = new ArrayList<>();
        StorageException prepareError;
        /** Emulated devices by instance index. */
        final Map<Integer, List<NvmeController>> configuredDevices = new HashMap<>();

        @Override
        public List<BdevFormatResult> format(IOServerConfig config) throws StorageException {
            if (callError != null) {
                throw callError;
            }
            List<BdevFormatResult> r = new ArrayList<>();
            for (String d : config.bdevList()) {
                formatted.add(d);
                r.add(new BdevFormatResult(d, faults.get(d)));
            }
            return r;
        }

        @Override
        public void prepare(IOServerConfig config) {
        }

        @Override
        public java.util.Optional<String> renderNvmeConf(IOServerConfig config) {
            return java.util.Optional.empty();
        }

        @Override
        public java.util.Optional<java.nio.file.Path> writeNvmeConf(IOServerConfig config) {
            return java.util.Optional.empty();
        }

        @Override
        public List<NvmeController> scan(BdevFilter filter) throws StorageException {
            filters.add(filter);
            if (scanError != null) {
                throw scanError;
            }
            if (scanRuntimeError != null) {
                throw scanRuntimeError;
            }
            return scanResult;
        }

        @Override
        public void prepareDevices(BdevPrepareRequest request) throws StorageException {
            prepared.add(request);
            if (prepareError != null) {
                throw prepareError;
            }
        }

        @Override
        public List<NvmeController> configured(IOServerConfig config) {
            return configuredDevices.getOrDefault(config.index(), List.of());
        }
    }
}
