package io.daos.control.api.client;

import java.time.Duration;

import io.daos.control.api.net.HostPort;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.LeaderQueryReq;
import io.daos.control.proto.mgmt.LeaderQueryResp;

/**
 * The management-service calls a control server makes to an access point ({@code mgmt.MgmtSvc}):
 * the harness's Join (SPEC-SERVER §3.10) and LeaderQuery. One attempt per call: retry policy
 * belongs to the caller. Thread-safe; channels are reused per address.
 */
public interface MgmtClient {

    /**
     * One {@code mgmt.MgmtSvc/Join} to {@code accessPoint}.
     *
     * @throws ClientException the call failed (the reply's own {@code status} is not checked)
     * @throws InterruptedException the calling thread was interrupted while waiting
     */
    JoinResp join(HostPort accessPoint, JoinReq request, Duration timeout)
            throws ClientException, InterruptedException;

    /** One {@code mgmt.MgmtSvc/LeaderQuery} to {@code accessPoint}. */
    LeaderQueryResp leaderQuery(HostPort accessPoint, LeaderQueryReq request, Duration timeout)
            throws ClientException, InterruptedException;

    /**
     * The host left (or its address changed): close the cached connection to it, if any. Calls in
     * flight on it fail with {@link ClientException.Kind#CANCELLED}; a later call connects anew.
     */
    void forget(HostPort host);
}
