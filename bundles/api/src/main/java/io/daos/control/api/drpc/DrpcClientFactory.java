package io.daos.control.api.drpc;

import java.nio.file.Path;

/**
 * Creates {@link DrpcClient}s; registered as an OSGi service by the drpc bundle.
 */
public interface DrpcClientFactory {

    /**
     * A client for the dRPC socket at {@code socket}. Does not connect yet: the first call
     * does, so the socket need not exist now.
     *
     * @param socket path of a SOCK_SEQPACKET dRPC listener
     * @return a new client; close it when done
     */
    DrpcClient open(Path socket);
}
