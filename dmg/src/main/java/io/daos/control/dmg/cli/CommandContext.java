package io.daos.control.dmg.cli;

import io.daos.control.api.config.TransportConfig;

/**
 * What a command body works with: the parsed command line, the effective configuration and host
 * list, the output, and the connections opened for it.
 */
public final class CommandContext {

    private final Invocation invocation;
    private final Session session;
    private final Output out;
    private final AutoCloseable connections;

    CommandContext(Session session, Output out, AutoCloseable connections) {
        this.invocation = session.invocation();
        this.session = session;
        this.out = out;
        this.connections = connections;
    }

    /** The context of a command that needs no configuration: no session, no connections. */
    CommandContext(Invocation invocation, Output out) {
        this.invocation = invocation;
        this.session = null;
        this.out = out;
        this.connections = null;
    }

    /** The parsed command line. */
    public Invocation invocation() {
        return invocation;
    }

    /** The pre-processing outcome (null for a command that {@linkplain CommandBody#needsConfig needs none}). */
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
