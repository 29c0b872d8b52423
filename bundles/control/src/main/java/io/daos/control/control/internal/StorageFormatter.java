package io.daos.control.control.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.storage.BdevFormatResult;
import io.daos.control.api.storage.BdevProvider;
import io.daos.control.api.storage.ScmProvider;
import io.daos.control.api.storage.ScmState;
import io.daos.control.api.storage.StorageException;
import io.daos.control.proto.ctl.NvmeControllerResult;
import io.daos.control.proto.ctl.ResponseStatus;
import io.daos.control.proto.ctl.ScmMountResult;
import io.daos.control.proto.ctl.StorageFormatResp;

/**
 * The StorageFormat logic of SPEC-SERVER §4.10, independent of gRPC transport: every configured
 * instance in index order, one {@link StorageFormatResp} with one mret per instance. Calls are
 * serialised (one format at a time), and each runs as a whole at the harness's format gate
 * ({@link Harness#atFormatGate}), releasing the instances it formatted as it goes: the harness
 * neither checks nor writes any instance's storage while a format runs, and refuses the format
 * once it has left the gate. When the format cannot run at all it throws a
 * {@link StorageException} whose message is the text the v1.0 dmg shows (WIRE §5.5): the gRPC
 * error mapper sends one that carries a fault as INTERNAL with the fault detail, any other as
 * UNKNOWN with that message.
 */
final class StorageFormatter {

    static final String NIL = "<nil>";
    static final String RUNNING = "cannot format storage with running I/O server instances";
    static final String NO_SCM_PROVIDER = ResponseStates.NO_SCM_PROVIDER;
    static final String NO_BDEV_PROVIDER = ResponseStates.NO_BDEV_PROVIDER;

    private static final Logger LOG = Logger.getLogger(StorageFormatter.class.getName());

    private final ServerConfig config;
    private final Harness harness;
    private final Supplier<ScmProvider> scm;
    private final Supplier<BdevProvider> bdev;

    /**
     * @param scm  the current SCM provider, null while none is registered
     * @param bdev the current bdev provider, null while none is registered
     */
    StorageFormatter(ServerConfig config, Harness harness, Supplier<ScmProvider> scm, Supplier<BdevProvider> bdev) {
        this.config = config;
        this.harness = harness;
        this.scm = scm;
        this.bdev = bdev;
    }

    /**
     * Formats all instances.
     *
     * @throws StorageException the format could not run (harness started, check or request errors,
     *                          an unexpected provider failure: {@code formatting storage: <message>})
     */
    synchronized StorageFormatResp format(boolean reformat) throws StorageException {
        try {
            return formatAll(reformat);
        } catch (StorageException e) {
            LOG.warning("StorageFormat: " + e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            LOG.severe("StorageFormat failed: " + e);
            throw new StorageException("formatting storage: " + e.getMessage(), e);
        }
    }

    private StorageFormatResp formatAll(boolean reformat) throws StorageException {
        Optional<StorageFormatResp> resp;
        try {
            resp = harness.atFormatGate(() -> formatInstances(reformat));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("formatting storage: interrupted while waiting for the format gate", e);
        }
        return resp.orElseThrow(() -> new StorageException(RUNNING));
    }

    /** Holding the format gate: every instance, each released once formatted. */
    private StorageFormatResp formatInstances(boolean reformat) throws StorageException {
        StorageFormatResp.Builder resp = StorageFormatResp.newBuilder();
        List<IOServerConfig> servers = config.servers();
        for (int i = 0; i < servers.size(); i++) {
            if (formatInstance(i, servers.get(i), reformat, resp)) {
                try {
                    harness.storageReady(i);
                } catch (IllegalArgumentException e) {
                    LOG.severe("cannot release I/O server instance " + i + ": " + e.getMessage());
                }
            }
        }
        return resp.build();
    }

    /** Returns whether the instance may be released. */
    private boolean formatInstance(int i, IOServerConfig srv, boolean reformat, StorageFormatResp.Builder resp)
            throws StorageException {
        LOG.info("formatting storage for DAOS I/O Server instance " + i + " (reformat: " + reformat + ")");
        String mount = nil(srv.scmMount());
        boolean hasBdevs = srv.bdevList() != null && !srv.bdevList().isEmpty();
        ScmProvider scmProvider = scm.get();
        if (scmProvider == null) {
            resp.addMrets(mret(mount, ResponseStatus.CTL_ERR_SCM, NO_SCM_PROVIDER, ""));
            skipBdevs(i, hasBdevs, resp);
            LOG.severe("failure formatting storage, check RPC response for details");
            return false;
        }
        if (!reformat) {
            boolean needsFormat;
            try {
                needsFormat = scmProvider.needsFormat(srv);
            } catch (StorageException e) {
                throw e.withContext("formatting storage: unable to check storage formatting");
            }
            if (!needsFormat) {
                resp.addMrets(mret(mount, ResponseStatus.CTL_ERR_SCM, Faults.STORAGE_ALREADY_FORMATTED.toString(),
                        Faults.STORAGE_ALREADY_FORMATTED.resolutionLine()));
                skipBdevs(i, hasBdevs, resp);
                return false;
            }
        }
        try {
            scmProvider.checkRequest(srv);
        } catch (StorageException e) {
            throw e.withContext("formatting storage: scm format: generate format request");
        }
        String what = srv.scmClass() + ":" + srv.scmMount();
        LOG.info("Starting format of SCM (" + what + ")");
        try {
            ScmState state = scmProvider.format(srv);
            if (!state.formatted()) {
                resp.addMrets(mret(mount, ResponseStatus.CTL_ERR_SCM,
                        "is still unformatted: " + Faults.SCM_UNKNOWN, Faults.SCM_UNKNOWN.resolutionLine()));
                skipBdevs(i, hasBdevs, resp);
                LOG.severe("failure formatting storage, check RPC response for details");
                return false;
            }
        } catch (StorageException e) {
            resp.addMrets(ScmMountResult.newBuilder().setMntpoint(nil(mount))
                    .setState(ResponseStates.formatFailure(ResponseStatus.CTL_ERR_SCM, e)).build());
            skipBdevs(i, hasBdevs, resp);
            LOG.severe("failure formatting storage, check RPC response for details");
            return false;
        }
        LOG.info("Finished format of SCM (" + what + ")");
        resp.addMrets(mret(mount, ResponseStatus.CTL_SUCCESS, "", ""));
        if (!hasBdevs) {
            return true;
        }
        return formatBdevs(i, srv, resp);
    }

    private boolean formatBdevs(int i, IOServerConfig srv, StorageFormatResp.Builder resp) throws StorageException {
        BdevProvider bdevProvider = bdev.get();
        if (bdevProvider == null) {
            for (String d : srv.bdevList()) {
                resp.addCrets(cret(d, ResponseStatus.CTL_ERR_NVME, NO_BDEV_PROVIDER, ""));
            }
            LOG.severe("failure formatting storage, check RPC response for details");
            return false;
        }
        String what = srv.bdevClass() + " block devices (" + String.join(",", srv.bdevList()) + ")";
        LOG.info("Starting format of " + what);
        List<BdevFormatResult> results;
        try {
            results = bdevProvider.format(srv);
        } catch (StorageException e) {
            throw e.withContext("formatting storage");
        }
        boolean ok = true;
        for (BdevFormatResult r : results) {
            if (r.formatted()) {
                resp.addCrets(cret(r.device(), ResponseStatus.CTL_SUCCESS, "", ""));
            } else {
                ok = false;
                resp.addCrets(cret(r.device(), ResponseStatus.CTL_ERR_NVME, r.fault().toString(),
                        r.fault().hasResolution() ? r.fault().resolutionLine() : ""));
            }
        }
        LOG.info("Finished format of " + what);
        if (!ok) {
            LOG.severe("failure formatting storage, check RPC response for details");
        }
        return ok;
    }

    private static void skipBdevs(int i, boolean hasBdevs, StorageFormatResp.Builder resp) {
        if (hasBdevs) {
            resp.addCrets(cret("", ResponseStatus.CTL_SUCCESS, "",
                    "NVMe format skipped on instance " + i + " as SCM format did not complete"));
        }
    }

    private static ScmMountResult mret(String mount, ResponseStatus status, String error, String info) {
        return ScmMountResult.newBuilder().setMntpoint(nil(mount))
                .setState(ResponseStates.of(status, error, info)).build();
    }

    private static NvmeControllerResult cret(String pci, ResponseStatus status, String error, String info) {
        return NvmeControllerResult.newBuilder().setPciaddr(nil(pci))
                .setState(ResponseStates.of(status, error, info)).build();
    }

    private static String nil(String s) {
        return s == null || s.isEmpty() ? NIL : s;
    }
}
