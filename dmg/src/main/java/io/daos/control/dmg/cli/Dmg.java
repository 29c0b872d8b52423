package io.daos.control.dmg.cli;

/**
 * One run of {@code dmg}: parse the command line, pre-process (§6.1 steps 1–7), load certificates
 * (step 8), connect (step 9, all commands but {@code version}), run the body (our
 * {@code completion} right after parsing: it needs none of those steps); every failure
 * becomes {@code ERROR: dmg: <text>} (plus a fault's resolution line) and exit status 1 — a
 * missing class too ({@code internal error: …}), never a stack trace.
 */
public final class Dmg {

    private final Platform platform;
    private final Output out;
    private final HostExpander expander;
    private final Connector connector;
    private final CommandRegistry registry;

    /** A runner with its surroundings. */
    public Dmg(Platform platform, Output out, HostExpander expander, Connector connector,
            CommandRegistry registry) {
        this.platform = platform;
        this.out = out;
        this.expander = expander;
        this.connector = connector;
        this.registry = registry;
    }

    /** Runs {@code args}; returns the exit status. */
    public int run(String... args) {
        try {
            Invocation inv = ArgParser.dmg().parse(args);
            CommandBody body = registry.body(inv.path());
            if (!body.needsConfig()) {
                body.run(new CommandContext(inv, out));
                return 0;
            }
            Session session = Preprocessor.run(inv, platform, out, expander);
            if (!session.transport().allowInsecure()) {
                try {
                    connector.preload(session.transport());
                } catch (Exception e) {
                    throw new DmgException("Unable to load Certificate Data: " + e.getMessage(), e);
                }
            }
            AutoCloseable conns = body.needsConnection()
                    ? connector.connect(session.addresses(), session.transport(), session.proxy(), out)
                    : null;
            try {
                body.run(new CommandContext(session, out, conns));
            } finally {
                if (conns != null) {
                    conns.close();
                }
            }
            return 0;
        } catch (Exception e) {
            out.fatal(e);
            return 1;
        } catch (LinkageError | AssertionError e) {
            // a broken installation (a jar missing from lib/dmg) or a bug: still one error line
            out.fatal(new DmgException("internal error: " + e, e));
            return 1;
        }
    }
}
