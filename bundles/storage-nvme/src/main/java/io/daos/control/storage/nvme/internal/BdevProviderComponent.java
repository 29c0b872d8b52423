package io.daos.control.storage.nvme.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.storage.BdevFilter;
import io.daos.control.api.storage.BdevFormatResult;
import io.daos.control.api.storage.BdevPrepareRequest;
import io.daos.control.api.storage.NvmeController;
import io.daos.control.api.storage.BdevProvider;
import io.daos.control.api.storage.HugepageInfo;
import io.daos.control.api.storage.StorageException;

/**
 * Publishes the {@link BdevProvider}: NVMe scan from sysfs with health through the NVMe admin
 * ioctl, prepare through SPDK's setup script when installed (else hugepages natively and a clear
 * error for driver binding), format without SPDK (nvme devices report a per-device fault).
 * Also the {@code META-INF/services} provider for the {@code daos_server storage} CLI: the public
 * no-arg constructor gives a fully working instance without DS activation (nothing native is
 * loaded before the first health read).
 */
@Component(service = BdevProvider.class, immediate = true)
public final class BdevProviderComponent implements BdevProvider {

    private final BdevProviderImpl impl = new BdevProviderImpl(new NoSpdkBackend());

    /** The provider over this host's sysfs, /proc and /dev. */
    public BdevProviderComponent() {
        // fields only
    }

    @Override
    public List<BdevFormatResult> format(IOServerConfig config) throws StorageException {
        return impl.format(config);
    }

    @Override
    public void prepare(IOServerConfig config) throws StorageException {
        impl.prepare(config);
    }

    @Override
    public Optional<String> renderNvmeConf(IOServerConfig config) {
        return impl.renderNvmeConf(config);
    }

    @Override
    public Optional<Path> writeNvmeConf(IOServerConfig config) throws StorageException {
        return impl.writeNvmeConf(config);
    }

    @Override
    public List<NvmeController> scan(BdevFilter filter) throws StorageException {
        return impl.scan(filter);
    }

    @Override
    public void prepareDevices(BdevPrepareRequest request) throws StorageException {
        impl.prepareDevices(request);
    }

    @Override
    public List<NvmeController> configured(IOServerConfig config) {
        return impl.configured(config);
    }

    @Override
    public HugepageInfo hugepages() throws StorageException {
        return impl.hugepages();
    }

    @Override
    public boolean iommuEnabled() {
        return impl.iommuEnabled();
    }
}
