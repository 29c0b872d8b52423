package io.daos.control.dmg.cli;

import java.util.List;

import io.daos.control.api.config.TransportConfig;

/**
 * The outcome of the pre-processing every command goes through (SPEC-SYSTEM §6.1 steps 1–7):
 * what the connection step and the command body need.
 *
 * @param invocation the parsed command line
 * @param config     the effective client configuration ({@code -i} applied)
 * @param addresses  the hosts to connect to as {@code host:port}: {@code -l} and/or {@code -f}
 *                   expanded, else the configuration's {@code hostlist} verbatim
 * @param proxy      whether the connection layer must ignore proxy variables
 */
public record Session(Invocation invocation, ClientConfig config, List<String> addresses, ProxyPolicy proxy) {

    /** Copies the list. */
    public Session {
        addresses = List.copyOf(addresses);
    }

    /** The effective transport configuration. */
    public TransportConfig transport() {
        return config.transport();
    }
}
