package io.daos.control.control.internal;

import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.storage.BdevFilter;
import io.daos.control.api.storage.BdevPrepareRequest;
import io.daos.control.api.storage.BdevProvider;
import io.daos.control.api.storage.NvmeController;
import io.daos.control.api.storage.ScmPrepareResult;
import io.daos.control.api.storage.ScmProvider;
import io.daos.control.api.storage.ScmScan;
import io.daos.control.api.storage.StorageException;
import io.daos.control.proto.ctl.PrepareNvmeReq;
import io.daos.control.proto.ctl.PrepareNvmeResp;
import io.daos.control.proto.ctl.PrepareScmResp;
import io.daos.control.proto.ctl.ResponseStatus;
import io.daos.control.proto.ctl.ScanNvmeResp;
import io.daos.control.proto.ctl.ScanScmResp;
import io.daos.control.proto.ctl.StoragePrepareReq;
import io.daos.control.proto.ctl.StoragePrepareResp;
import io.daos.control.proto.ctl.StorageScanResp;

/**
 * The StorageScan and StoragePrepare logic of SPEC-SERVER §4.11, independent of gRPC transport.
 * Never fails: every provider failure, and a missing provider, becomes the error state of its
 * part of the reply. Needs neither a format nor a running instance.
 */
final class StorageInventory {

    private static final Logger LOG = Logger.getLogger(StorageInventory.class.getName());

    private final ServerConfig config;
    private final Supplier<ScmProvider> scm;
    private final Supplier<BdevProvider> bdev;

    /**
     * @param scm  the current SCM provider, null while none is registered
     * @param bdev the current bdev provider, null while none is registered
     */
    StorageInventory(ServerConfig config, Supplier<ScmProvider> scm, Supplier<BdevProvider> bdev) {
        this.config = config;
        this.scm = scm;
        this.bdev = bdev;
    }

    /** StorageScan: both parts, always. */
    StorageScanResp scan() {
        return StorageScanResp.newBuilder().setNvme(scanNvme()).setScm(scanScm()).build();
    }

    /**
     * The NVMe part: a fresh, filtered controller scan ({@code bdev_include} / {@code
     * bdev_exclude}), then every instance's emulated devices as configured.
     */
    ScanNvmeResp scanNvme() {
        BdevProvider p = bdev.get();
        if (p == null) {
            return ScanNvmeResp.newBuilder().setState(
                    ResponseStates.of(ResponseStatus.CTL_ERR_NVME, ResponseStates.NO_BDEV_PROVIDER, "")).build();
        }
        ScanNvmeResp.Builder b = ScanNvmeResp.newBuilder();
        try {
            for (NvmeController c : p.scan(new BdevFilter(config.bdevInclude(), config.bdevExclude()))) {
                b.addCtrlrs(StorageMessages.controller(c));
            }
            for (IOServerConfig io : config.servers()) {
                p.configured(io).forEach(c -> b.addCtrlrs(StorageMessages.controller(c)));
            }
        } catch (StorageException | RuntimeException | LinkageError e) {
            LOG.info("Storage Scan NVMe failed: " + e.getMessage());
            return ScanNvmeResp.newBuilder().setState(ResponseStates.failure(ResponseStatus.CTL_ERR_NVME, e)).build();
        }
        return b.setState(ResponseStates.ok()).build();
    }

    /** The SCM part: the provider's (cached) scan; namespaces if any, otherwise modules. */
    ScanScmResp scanScm() {
        ScmProvider p = scm.get();
        if (p == null) {
            return ScanScmResp.newBuilder().setState(
                    ResponseStates.of(ResponseStatus.CTL_ERR_SCM, ResponseStates.NO_SCM_PROVIDER, "")).build();
        }
        ScmScan s;
        try {
            s = p.scan();
        } catch (StorageException | RuntimeException | LinkageError e) {
            LOG.info("Storage Scan SCM failed: " + e.getMessage());
            return ScanScmResp.newBuilder().setState(ResponseStates.failure(ResponseStatus.CTL_ERR_SCM, e)).build();
        }
        LOG.fine("Storage Scan SCM (" + s.state().referenceName() + ")");
        ScanScmResp.Builder b = ScanScmResp.newBuilder().setState(ResponseStates.ok());
        if (!s.namespaces().isEmpty()) {
            s.namespaces().forEach(n -> b.addNamespaces(StorageMessages.namespace(n)));
        } else {
            s.modules().forEach(m -> b.addModules(StorageMessages.module(m)));
        }
        return b.build();
    }

    /**
     * StoragePrepare: only the requested parts, each with its own state, once the request passed
     * the edge checks ({@link RequestChecks#storagePrepare}: INVALID_ARGUMENT otherwise).
     */
    StoragePrepareResp prepare(StoragePrepareReq req) {
        RequestChecks.storagePrepare(req, RequestChecks.maxHugepages(bdev.get()));
        StoragePrepareResp.Builder b = StoragePrepareResp.newBuilder();
        if (req.hasNvme()) {
            b.setNvme(prepareNvme(req.getNvme()));
        }
        if (req.hasScm()) {
            b.setScm(prepareScm(req.getScm().getReset()));
        }
        return b.build();
    }

    /** The NVMe prepare (or reset), with {@code bdev_exclude} as the PCI blacklist. */
    PrepareNvmeResp prepareNvme(PrepareNvmeReq req) {
        BdevProvider p = bdev.get();
        if (p == null) {
            return PrepareNvmeResp.newBuilder().setState(
                    ResponseStates.of(ResponseStatus.CTL_ERR_NVME, ResponseStates.NO_BDEV_PROVIDER, "")).build();
        }
        try {
            p.prepareDevices(new BdevPrepareRequest(req.getNrhugepages(), req.getPciwhitelist(),
                    blacklist(), req.getTargetuser(), req.getReset()));
        } catch (StorageException | RuntimeException | LinkageError e) {
            LOG.info("Storage Prepare NVMe failed: " + e.getMessage());
            return PrepareNvmeResp.newBuilder().setState(ResponseStates.failure(ResponseStatus.CTL_ERR_NVME, e))
                    .build();
        }
        return PrepareNvmeResp.newBuilder().setState(ResponseStates.ok()).build();
    }

    /** The SCM prepare (or reset): namespaces, and the reboot hint as info when a reboot is needed. */
    PrepareScmResp prepareScm(boolean reset) {
        ScmProvider p = scm.get();
        if (p == null) {
            return PrepareScmResp.newBuilder().setState(
                    ResponseStates.of(ResponseStatus.CTL_ERR_SCM, ResponseStates.NO_SCM_PROVIDER, "")).build();
        }
        ScmPrepareResult r;
        try {
            r = p.prepare(reset);
        } catch (StorageException | RuntimeException | LinkageError e) {
            LOG.info("Storage Prepare SCM failed: " + e.getMessage());
            return PrepareScmResp.newBuilder().setState(ResponseStates.failure(ResponseStatus.CTL_ERR_SCM, e)).build();
        }
        PrepareScmResp.Builder b = PrepareScmResp.newBuilder().setState(ResponseStates.of(ResponseStatus.CTL_SUCCESS,
                "", r.rebootRequired() ? ScmPrepareResult.REBOOT_REQUIRED : ""));
        r.namespaces().forEach(n -> b.addNamespaces(StorageMessages.namespace(n)));
        return b.build();
    }

    /** {@code bdev_exclude} joined by spaces (the setup script's {@code PCI_BLACKLIST} form). */
    private String blacklist() {
        List<String> exclude = config.bdevExclude();
        return exclude == null ? "" : String.join(" ", exclude);
    }
}
