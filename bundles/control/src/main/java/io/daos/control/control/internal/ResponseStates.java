package io.daos.control.control.internal;

import io.daos.control.api.fault.Fault;
import io.daos.control.api.storage.StorageException;
import io.daos.control.proto.ctl.ResponseState;
import io.daos.control.proto.ctl.ResponseStatus;

/**
 * The one place where {@code ctl.ResponseState} values are built (WIRE §5.4): success with an
 * optional hint, failures with the error text and, for faults, the resolution line as info.
 */
final class ResponseStates {

    /** {@code scm provider not available…}: what a reply part shows while storage-scm is not active. */
    static final String NO_SCM_PROVIDER = "scm provider not available: the storage-scm bundle is not active";
    /** {@code bdev provider not available…}: what a reply part shows while storage-nvme is not active. */
    static final String NO_BDEV_PROVIDER = "bdev provider not available: the storage-nvme bundle is not active";

    private static final ResponseState OK = of(ResponseStatus.CTL_SUCCESS, "", "");

    private ResponseStates() {
    }

    /** {@code {CTL_SUCCESS, "", ""}}. */
    static ResponseState ok() {
        return OK;
    }

    /** A state with the given fields. */
    static ResponseState of(ResponseStatus status, String error, String info) {
        return ResponseState.newBuilder().setStatus(status).setError(error).setInfo(info).build();
    }

    /**
     * A failure of a scan or prepare: the error text, and the fault's resolution line as info when
     * the failure is a {@link StorageException} carrying a fault (empty otherwise). Other
     * throwables are a provider's unexpected runtime errors, shown by their text.
     */
    static ResponseState failure(ResponseStatus status, Throwable e) {
        String info = e instanceof StorageException se ? se.fault().map(Fault::resolutionLine).orElse("") : "";
        return of(status, text(e), info);
    }

    /**
     * A failure of a format (§4.10): the error text and always a resolution line, {@code unknown:
     * code = 0 resolution = "no known resolution"} when the failure is not a fault.
     */
    static ResponseState formatFailure(ResponseStatus status, StorageException e) {
        return of(status, text(e), e.resolutionLine());
    }

    private static String text(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
