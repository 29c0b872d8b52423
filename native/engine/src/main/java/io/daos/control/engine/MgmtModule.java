package io.daos.control.engine;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcModule;
import io.daos.control.api.drpc.DrpcStatus;

/** {@link MgmtService} as the drpc bundle's {@link DrpcModule} for module 2. */
public final class MgmtModule implements DrpcModule {
    private final MgmtService svc;
    private final Log log;

    public MgmtModule(MgmtService svc, Log log) {
        this.svc = svc;
        this.log = log;
    }

    @Override
    public int moduleId() {
        return DrpcIds.MODULE_MGMT;
    }

    @Override
    public byte[] handle(int method, byte[] body) throws DrpcException {
        if (log.debugEnabled()) {
            log.debug("dRPC mgmt method " + method + " (" + (body == null ? 0 : body.length) + " bytes)");
        }
        try {
            return svc.handle(method, body);
        } catch (DrpcFailure e) {
            throw new DrpcException(DrpcStatus.forNumber(e.status().getNumber()), e.getMessage());
        } catch (RuntimeException e) {
            log.error("mgmt method " + method + " failed: " + e);
            throw new DrpcException(DrpcStatus.FAILURE, "mgmt method " + method + ": " + e);
        }
    }
}
