package io.daos.control.api.drpc;

import java.io.IOException;
import java.time.Duration;

/**
 * A client for one dRPC socket (WIRE.md §4). Thread-safe: calls are serialized, one outstanding
 * call per connection. The connection is opened on the first call and reopened transparently
 * on the next call after it broke (for example because the peer restarted).
 */
public interface DrpcClient extends AutoCloseable {

    /**
     * Sends one {@code drpc.Call} and waits for its {@code drpc.Response}.
     *
     * @param module module id
     * @param method method id
     * @param body serialized request message; null or empty sends none
     * @param timeout how long to wait for the whole call (connect, send, receive); positive
     * @return the response body (empty if none) of a SUCCESS response
     * @throws DrpcException the peer answered with another status (message
     *         {@code bad dRPC response status: <NAME>}), or the Call does not fit in one
     *         16384-byte packet ({@link DrpcStatus#FAILED_MARSHAL})
     * @throws IOException the socket does not exist, the connection failed or broke, the
     *         response could not be decoded or its sequence did not match, or the timeout
     *         expired ({@link java.net.SocketTimeoutException} naming socket and timeout)
     */
    byte[] call(int module, int method, byte[] body, Duration timeout) throws DrpcException, IOException;

    /** Closes the connection, if any; later calls fail. Never throws. */
    @Override
    void close();
}
