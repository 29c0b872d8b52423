package io.daos.control.storage.nvme.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import io.daos.control.api.config.BdevClass;
import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.storage.BdevFilter;
import io.daos.control.api.storage.BdevFormatResult;
import io.daos.control.api.storage.BdevPrepareRequest;
import io.daos.control.api.storage.MountTable;
import io.daos.control.api.storage.NvmeController;
import io.daos.control.api.storage.BdevProvider;
import io.daos.control.api.storage.HugepageInfo;
import io.daos.control.api.storage.StorageException;

/** The block-device provider of SPEC-SERVER §4.7/§4.8 over an {@link NvmeBackend}. */
public final class BdevProviderImpl implements BdevProvider {

    private static final Logger LOG = Logger.getLogger(BdevProviderImpl.class.getName());
    private static final long BLOCK = 4096;

    private final NvmeBackend nvme;
    private final SysfsScanner scanner;
    private final NvmePreparer preparer;

    /** Format through {@code nvme}; scan, prepare and configured devices of this host. */
    BdevProviderImpl(NvmeBackend nvme) {
        this(nvme, systemScanner());
    }

    private BdevProviderImpl(NvmeBackend nvme, SysfsScanner scanner) {
        this(nvme, scanner, new NvmePreparer(NvmePreparer.Settings.system(scanner)));
    }

    /** All parts given (tests). */
    BdevProviderImpl(NvmeBackend nvme, SysfsScanner scanner, NvmePreparer preparer) {
        this.nvme = nvme;
        this.scanner = scanner;
        this.preparer = preparer;
    }

    /** The scanner over {@code /sys}, {@code /proc/self/mountinfo} and health from {@code /dev}. */
    static SysfsScanner systemScanner() {
        return new SysfsScanner(Path.of("/sys"), Path.of(MountTable.SELF),
                new IoctlHealthReader(Path.of("/dev")));
    }

    @Override
    public List<BdevFormatResult> format(IOServerConfig c) throws StorageException {
        List<String> devices = c.bdevList();
        if (devices == null || devices.isEmpty()) {
            throw new StorageException("empty DeviceList in FormatRequest");
        }
        BdevClass cls = c.bdevClass();
        List<BdevFormatResult> results = new ArrayList<>(devices.size());
        switch (cls) {
            case KDEV, FILE, MALLOC -> {
                for (String d : devices) {
                    LOG.info(() -> cls + " format for non-NVMe bdev skipped (" + d + ")");
                    results.add(new BdevFormatResult(d, null));
                }
            }
            case NVME -> formatNvme(devices, results);
            default -> {
                for (String d : devices) {
                    results.add(new BdevFormatResult(d, Faults.bdevFormatUnknownClass(cls.yamlName())));
                }
            }
        }
        return results;
    }

    private void formatNvme(List<String> devices, List<BdevFormatResult> results) {
        List<String> scanned = null;
        String scanError = null;
        try {
            scanned = nvme.scan();
        } catch (IOException e) {
            scanError = e.getMessage();
        }
        for (String d : devices) {
            LOG.info(() -> "nvme format starting (" + d + ")");
            String error;
            if (scanError != null) {
                error = scanError;
            } else if (d.isEmpty() || !scanned.contains(d)) {
                error = Faults.bdevFormatBadPciAddress(d).toString();
            } else {
                try {
                    nvme.format(d);
                    error = null;
                } catch (IOException e) {
                    error = e.getMessage();
                }
            }
            if (error == null) {
                LOG.info(() -> "nvme format successful (" + d + ")");
                results.add(new BdevFormatResult(d, null));
            } else {
                LOG.severe("nvme format failed (" + d + "): " + error);
                results.add(new BdevFormatResult(d, Faults.bdevFormatFailure(error)));
            }
        }
    }

    @Override
    public void prepare(IOServerConfig c) throws StorageException {
        if (c.bdevClass() != BdevClass.FILE || c.bdevList() == null || c.bdevList().isEmpty()) {
            return;
        }
        if (c.bdevSize() < 1) {
            throw new StorageException("bdev_size must be at least 1 (GB) for bdev_class file, got "
                    + c.bdevSize());
        }
        long size = (c.bdevSize() * 1_000_000_000L / BLOCK) * BLOCK;
        for (String d : c.bdevList()) {
            Path p = Path.of(d);
            if (!p.isAbsolute()) {
                throw new StorageException("please specify absolute path (" + d + ")");
            }
            try {
                Files.readAttributes(p, "size");
                continue; // existing: left untouched
            } catch (NoSuchFileException absent) {
                // create below
            } catch (IOException e) {
                throw new StorageException("stat " + d + ": " + e.getMessage(), e);
            }
            try {
                Files.createFile(p);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-rw-r--"));
                try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
                    f.setLength(size); // sparse
                }
                LOG.fine(() -> "created bdev backing file " + d + " of " + size + " bytes");
            } catch (IOException e) {
                throw new StorageException("failed to create bdev file " + d + ": " + e, e);
            }
        }
    }

    @Override
    public Optional<String> renderNvmeConf(IOServerConfig c) {
        return NvmeConf.render(c);
    }

    @Override
    public Optional<Path> writeNvmeConf(IOServerConfig c) throws StorageException {
        String reason = NvmeConf.noDevicesReason(c);
        if (reason != null) {
            LOG.fine(() -> "spdk " + c.bdevClass() + ": " + reason + ", no nvme.conf generated for server");
            return Optional.empty();
        }
        String text = NvmeConf.render(c).orElse("");
        if (text.isEmpty()) {
            throw new StorageException("spdk: generated NVMe config is unexpectedly empty");
        }
        Path p = Path.of(c.scmMount(), IOServerConfig.NVME_CONF_NAME);
        OutputStream out;
        try {
            out = Files.newOutputStream(p, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StorageException("spdk: failed to create NVMe config file " + p + ": " + e, e);
        }
        try (out) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StorageException("spdk: failed to write NVMe config to file " + p + ": " + e, e);
        }
        return Optional.of(p);
    }

    @Override
    public List<NvmeController> scan(BdevFilter filter) throws StorageException {
        return scanner.scan(filter == null ? BdevFilter.ALL : filter);
    }

    @Override
    public void prepareDevices(BdevPrepareRequest request) throws StorageException {
        preparer.prepare(request);
    }

    @Override
    public List<NvmeController> configured(IOServerConfig config) {
        return ConfiguredDevices.of(config, scanner.sysRoot());
    }

    @Override
    public HugepageInfo hugepages() throws StorageException {
        return preparer.hugepageInfo();
    }

    @Override
    public boolean iommuEnabled() {
        return scanner.iommuPresent();
    }
}
