package io.daos.control.dmg.cli;

import io.daos.control.api.config.TransportConfig;

/**
 * What a command body works with: the parsed command line, the effective configuration and host
 * list, the output, and the connections opened for it.
 */
public final class CommandContext {

    private final Session session;
    private final Output out;
    private final AutoCloseable connections;

    CommandContext(Session session, Output out, AutoCloseable connections) {
        this.session = session;
        this.out = out;
        this.connections = connections;
    }

    /** The parsed command line. */
    public Invocation invocation() {
        return session.invocation();
    }

    /** The pre-processing outcome. */
    public Session session() {
        return session;
    }

    /** The effective client configuration. */
    public ClientConfig config() {
        return session.config();
    }

    /** The effective transport configuration. */
    public TransportConfig transport() {
        return session.transport();
    }

    /** The output. */
    public Output out() {
        return out;
    }

    /**
     * The connections the {@link Connector} opened, as the type it returns.
     *
     * @throws IllegalStateException for a command that declared it needs none
     */
    public <C> C connections(Class<C> type) {
        if (connections == null) {
            throw new IllegalStateException("command " + invocation().command() + " has no connections");
        }
        return type.cast(connections);
    }
}
