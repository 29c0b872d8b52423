package io.daos.control.api.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.daos.control.api.net.HostPort;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;

/**
 * The harness calls of another control server ({@code mgmt.MgmtSvc} PrepShutdownRanks,
 * StopRanks, StartRanks, PingRanks; SPEC-SYSTEM §3.1): what the access point fans out to every
 * host of the system. Asynchronous, so that one caller can have many hosts in flight; a future
 * fails with a {@link ClientException}. Thread-safe; channels are reused per address.
 */
public interface HarnessClient {

    /** The four harness operations, by their {@code mgmt.MgmtSvc} method. */
    enum RanksOp {
        PREP_SHUTDOWN("PrepShutdownRanks"),
        STOP("StopRanks"),
        START("StartRanks"),
        PING("PingRanks");

        private final String method;

        RanksOp(String method) {
            this.method = method;
        }

        /** The bare gRPC method name. */
        public String method() {
            return method;
        }
    }

    /**
     * Sends one *Ranks call to the control server at {@code host}.
     *
     * @return completes with the reply, or exceptionally with a {@link ClientException}
     */
    CompletableFuture<RanksResp> call(HostPort host, RanksOp op, RanksReq request, Duration timeout);

    /** As {@link MgmtClient#forget(HostPort)}. */
    void forget(HostPort host);
}
