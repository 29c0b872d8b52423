package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;

import java.util.concurrent.TimeUnit;

import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.ResponseStatus;
import io.daos.control.proto.ctl.ScmMountResult;
import io.daos.control.proto.ctl.StorageFormatReq;
import io.daos.control.proto.ctl.StorageFormatResp;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;

/**
 * Formatting a node again after daos_server was killed somewhere in its format or start: whatever
 * state the crash left, StorageFormat (with reformat if the reply says an instance's storage is
 * already formatted, SPEC-SERVER §4.10) lets both instances start.
 */
final class FormatAgain {

    private FormatAgain() {
    }

    /**
     * Waits (log events after {@code mark}) until the restarted {@code server} either waits for
     * format or started instance 1; formats as needed; returns what it took (for the log).
     */
    static String afterRestart(NodeSupport node, ServerProcess server, int mark, ManagedChannel channel, long eventMs)
            throws Exception {
        String seen = node.awaitLog(server, mark, l -> l.contains("SCM format required on instance")
                || l.contains("I/O server instance 1 started on rank"), eventMs);
        if (!seen.contains("SCM format required")) {
            return "no format needed";
        }
        StorageFormatResp r = format(channel, false);
        boolean again = false;
        for (ScmMountResult m : r.getMretsList()) {
            if (alreadyFormatted(m)) {
                again = true;
            } else {
                assertEquals(r.toString(), 0, m.getState().getStatusValue());
            }
        }
        if (!again) {
            return "format";
        }
        try {
            StorageFormatResp rr = format(channel, true);
            for (ScmMountResult m : rr.getMretsList()) {
                assertEquals(rr.toString(), 0, m.getState().getStatusValue());
            }
            return "format, then reformat";
        } catch (StatusRuntimeException e) {
            // the already-formatted instances were usable and the others released by the first
            // call: the harness has started, nothing left to format
            if (!String.valueOf(e.getMessage()).contains("running I/O server instances")) {
                throw e;
            }
            return "format (106 on usable storage, harness already started)";
        }
    }

    /** StorageFormat over {@code channel}; its last reply. */
    static StorageFormatResp format(ManagedChannel channel, boolean reformat) {
        StorageFormatResp[] last = new StorageFormatResp[1];
        MgmtCtlGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS)
                .storageFormat(StorageFormatReq.newBuilder().setReformat(reformat).build())
                .forEachRemaining(r -> last[0] = r);
        return last[0];
    }

    /** The instance's storage is formatted already (fault 106 in its mount result). */
    static boolean alreadyFormatted(ScmMountResult m) {
        return m.getState().getStatus() == ResponseStatus.CTL_ERR_SCM && m.getState().getError().contains("code = 106");
    }
}
