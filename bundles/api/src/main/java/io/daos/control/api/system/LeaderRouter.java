package io.daos.control.api.system;

import java.time.Duration;
import java.util.Set;

import io.grpc.ServerServiceDefinition;

/**
 * Runs chosen gRPC methods on the leader of the system DB, for the modules whose methods work on
 * the whole system (the fanout's {@code SystemQuery}, {@code SystemStop}, {@code SystemStart}).
 * With one access point, or on the leader, a routed method runs here, after a barrier that makes
 * sure nothing acknowledged before the call is missed; on a follower access point it is handed to
 * the leader's control server, which runs the definition its own module routed, and the caller
 * gets the leader's answer, error status included. Published by the management bundle.
 */
public interface LeaderRouter {

    /**
     * {@code service} with the methods named in {@code methods} (bare names) run on the leader;
     * the other methods are left as they are. Routing the same service again replaces what was
     * routed before.
     *
     * @param forwardTimeout how long a follower waits for the leader's answer to a forwarded call
     *                       (then DEADLINE_EXCEEDED)
     */
    ServerServiceDefinition route(ServerServiceDefinition service, Set<String> methods, Duration forwardTimeout);

    /**
     * Withdraws what {@link #route} registered for the service of this name: calls forwarded to
     * this server for its methods are refused (UNIMPLEMENTED) from now on. For a module that is
     * going away; unknown names are ignored.
     */
    void withdraw(String serviceName);
}
