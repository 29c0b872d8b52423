package io.daos.control.launcher.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.storage.BdevFilter;
import io.daos.control.api.storage.BdevFormatResult;
import io.daos.control.api.storage.BdevPrepareRequest;
import io.daos.control.api.storage.BdevProvider;
import io.daos.control.api.storage.NvmeController;
import io.daos.control.api.storage.ScmPrepareResult;
import io.daos.control.api.storage.ScmProvider;
import io.daos.control.api.storage.ScmScan;
import io.daos.control.api.storage.ScmState;
import io.daos.control.api.storage.StorageException;

/**
 * Fake PMem and NVMe hardware (this machine has neither) behind the real provider interfaces:
 * what a scan returns, what a prepare returns or throws, and what was asked.
 */
final class FakeStorage {

    private FakeStorage() {
    }

    /** A fake {@link ScmProvider}: scan and prepare results (or failures) as set; calls recorded. */
    static final class FakeScmProvider implements ScmProvider {
        ScmScan scan;
        StorageException scanError;
        /** An unchecked failure of the scan (a native library breaking). */
        Error scanCrash;
        ScmPrepareResult prepareResult;
        StorageException prepareError;
        final List<String> calls = new ArrayList<>();

        FakeScmProvider(ScmScan scan) {
            this.scan = scan;
        }

        @Override
        public ScmScan scan() throws StorageException {
            calls.add("scan");
            if (scanCrash != null) {
                throw scanCrash;
            }
            if (scanError != null) {
                throw scanError;
            }
            return scan;
        }

        @Override
        public ScmPrepareResult prepare(boolean reset) throws StorageException {
            calls.add("prepare reset=" + reset);
            if (prepareError != null) {
                throw prepareError;
            }
            return prepareResult;
        }

        @Override
        public void checkRequest(IOServerConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScmState check(IOServerConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScmState format(IOServerConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void mount(IOServerConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isMounted(String target) {
            throw new UnsupportedOperationException();
        }
    }

    /** A fake {@link BdevProvider}: scan result (or failure), prepare failure; requests recorded. */
    static final class FakeBdevProvider implements BdevProvider {
        List<NvmeController> controllers = List.of();
        StorageException scanError;
        StorageException prepareError;
        final List<BdevPrepareRequest> prepared = new ArrayList<>();
        final List<BdevFilter> scanned = new ArrayList<>();

        @Override
        public List<NvmeController> scan(BdevFilter filter) throws StorageException {
            scanned.add(filter);
            if (scanError != null) {
                throw scanError;
            }
            return controllers;
        }

        @Override
        public void prepareDevices(BdevPrepareRequest request) throws StorageException {
            prepared.add(request);
            if (prepareError != null) {
                throw prepareError;
            }
        }

        @Override
        public List<BdevFormatResult> format(IOServerConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void prepare(IOServerConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> renderNvmeConf(IOServerConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Path> writeNvmeConf(IOServerConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<NvmeController> configured(IOServerConfig config) {
            return List.of();
        }
    }
}
