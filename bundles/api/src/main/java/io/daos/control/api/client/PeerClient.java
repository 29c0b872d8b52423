package io.daos.control.api.client;

import java.time.Duration;

import io.daos.control.api.net.HostPort;

/**
 * The internal calls one of our control servers makes to another ({@code peer.ControlPeer},
 * docs/internal-rpc.md; not part of the v1.0 wire contract): a follower access point hands a
 * {@code mgmt.MgmtSvc} call to the Raft leader ({@link #forward}), and the leader reaches the
 * engine of a pool service replica through that replica's control server ({@link #engineCall}).
 * Payloads are opaque bytes: this layer neither parses nor checks them. One attempt per call:
 * retry policy belongs to the caller. Thread-safe; channels are reused per address and shared
 * with {@link MgmtClient} and {@link HarnessClient}.
 *
 * <p>Failures are {@link ClientException}s whose kind says how the call failed. When the receiver
 * answered with an error status ({@link ClientException.Kind#FAILED}), the exception's
 * {@linkplain ClientException#getCause() cause} is the {@code io.grpc.StatusRuntimeException} as
 * received, with its status code, description and trailers (among them the
 * {@code grpc-status-details-bin} fault detail that {@code dmg} decodes), so that a forwarding
 * server can rethrow exactly that status to its own caller.
 */
public interface PeerClient {

    /**
     * One {@code peer.ControlPeer/Forward} to {@code leader}: runs the unary {@code mgmt.MgmtSvc}
     * method {@code fullMethodName} there with the serialized {@code request}, as if {@code peer}
     * had called it.
     *
     * @param leader         the control server that is to run the call
     * @param fullMethodName the full gRPC method name, e.g. {@code mgmt.MgmtSvc/PoolCreate}
     * @param request        the serialized request message of that method
     * @param peer           the original caller's address ({@code ip:port})
     * @param system         the system name of the calling server
     * @param timeout        the deadline of the whole call
     * @return the serialized response message of the method
     * @throws ClientException the call failed; for {@link ClientException.Kind#FAILED} the cause is
     *                         the receiver's status with its trailers
     * @throws InterruptedException the calling thread was interrupted while waiting; the call is cancelled
     */
    byte[] forward(HostPort leader, String fullMethodName, byte[] request, String peer, String system,
            Duration timeout) throws ClientException, InterruptedException;

    /**
     * One {@code peer.ControlPeer/EngineCall} to {@code host}: a module-2 (mgmt) dRPC call to the
     * local I/O server instance of {@code host} that has {@code rank}. The receiver is given the
     * same time as {@code timeout} ({@code timeout_ms}) to wait for its engine.
     *
     * @param rank   the rank, at least 0
     * @param method the dRPC method id of module 2
     * @param body   the dRPC request body
     * @return the dRPC response body
     * @throws ClientException the call failed, as for {@link #forward}
     * @throws InterruptedException the calling thread was interrupted while waiting; the call is cancelled
     */
    byte[] engineCall(HostPort host, int rank, int method, byte[] body, String system, Duration timeout)
            throws ClientException, InterruptedException;

    /** As {@link MgmtClient#forget(HostPort)}. */
    void forget(HostPort host);
}
