package io.daos.control.harness.internal;

import io.daos.control.proto.srv.NotifyReadyReq;

/** A start of the instances cut short by StopRanks: not fatal, the harness goes back to monitoring. */
final class StartAborted extends Exception {

    private static final long serialVersionUID = 1L;

    StartAborted(String message) {
        super(message);
    }

    /**
     * The start-up steps of {@code inst} after its NotifyReady ({@code ready}: SetRank, CreateMS,
     * StartMS, SetUp). When one fails and a StopRanks stopped that instance meanwhile, the failure
     * is the stop's doing ("no dRPC client set": the client went with the process): an abort like
     * a stop before NotifyReady ({@code stopped} with the failure's text), not a fatal error that
     * ends daos_server (found by the fuzz harness: SystemStop racing SystemStart).
     */
    static void finishUnlessStopped(IOServerInstance inst, NotifyReadyReq ready, boolean bootstrapHost, String stopped)
            throws Fatal, StartAborted, HarnessClosed, InterruptedException {
        try {
            inst.finishStartup(ready, bootstrapHost);
        } catch (Fatal e) {
            if (inst.stopRequested()) {
                throw new StartAborted(stopped + " (" + e.getMessage().strip() + ")");
            }
            throw e;
        }
    }
}
