package io.daos.control.dmg.cli;

import java.util.List;

import io.daos.control.api.config.TransportConfig;

/**
 * Steps 8 and 9 of SPEC-SYSTEM §6.1, implemented by the connection package: loading certificates
 * in secure mode and connecting to the effective host list. The command line hands over what the
 * pre-processing decided and owns nothing of the connections but their closing.
 */
public interface Connector {

    /** A connector for builds without a connection layer: every connection attempt fails. */
    Connector UNAVAILABLE = new Connector() {
        @Override
        public AutoCloseable connect(List<String> addresses, TransportConfig tls, ProxyPolicy proxy, Output out)
                throws DmgException {
            throw new DmgException("connecting: not implemented yet");
        }
    };

    /**
     * Step 8: loads the certificates of {@code tls}; called only when {@code allow_insecure} is
     * false. The text of a failure follows {@code Unable to load Certificate Data: }.
     */
    default void preload(TransportConfig tls) throws Exception {
    }

    /**
     * Step 9: connects to every address (prints the host states on {@code out}); fails with
     * {@code no active connections} when none answers.
     *
     * @param addresses the hosts as {@code host:port}, in order
     * @param tls       the effective transport configuration ({@code -i} applied)
     * @param proxy     whether proxy variables must be ignored
     * @param out       the output for host states and debug messages
     * @return the connections, closed by the caller when the command ends
     */
    AutoCloseable connect(List<String> addresses, TransportConfig tls, ProxyPolicy proxy, Output out)
            throws Exception;
}
