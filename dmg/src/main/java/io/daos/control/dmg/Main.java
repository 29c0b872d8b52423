package io.daos.control.dmg;

import java.util.List;

import io.daos.control.dmg.cli.CommandRegistry;
import io.daos.control.dmg.cli.Completion;
import io.daos.control.dmg.cli.Connector;
import io.daos.control.dmg.cli.Dmg;
import io.daos.control.dmg.cli.HostExpander;
import io.daos.control.dmg.cli.Output;
import io.daos.control.dmg.cli.Platform;
import io.daos.control.dmg.cli.Version;
import io.daos.control.dmg.cmd.GrpcConnector;
import io.daos.control.dmg.cmd.pool.PoolCommands;
import io.daos.control.dmg.cmd.storage.StorageCommands;
import io.daos.control.dmg.cmd.system.SystemCommands;
import io.daos.control.dmg.text.HostList;

/**
 * The entry point of {@code bin/dmg}: wires the command line to the host-list expansion, the
 * connection layer and the command bodies, and exits with the run's status (0 or 1).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (Boolean.getBoolean(Warmup.TRAIN)) {
            Warmup.train();
            Training.run();
        }
        Warmup.start();
        // System.console() is non-null when stdin and stdout are both terminals (Java 17): progress lines
        // are drawn only then
        System.exit(run(args, new Output(System.out, System.err).interactive(System.in, System.console() != null)));
    }

    /** One run with the process's surroundings on {@code out}; returns the exit status. */
    static int run(String[] args, Output out) {
        Platform platform = Platform.system();
        return run(args, out, platform, new GrpcConnector(platform.cwd()));
    }

    /** {@link #run(String[], Output)} with its own connector (the archive's training run). */
    static int run(String[] args, Output out, Platform platform, Connector connector) {
        CommandRegistry registry = CommandRegistry.withVersion(version());
        SystemCommands.register(registry);
        PoolCommands.register(registry);
        StorageCommands.register(registry);
        Completion.register(registry);
        return new Dmg(platform, out, new TextHostList(), connector, registry).run(args);
    }

    /**
     * The jar's Implementation-Version (the manifest the class loader has read anyway), else what
     * {@link Version} finds: a resource lookup opens every jar of the class path (issue 15).
     */
    private static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v != null ? v : Version.of(Main.class.getClassLoader());
    }

    /** The text package's {@code -l} expansion (a class, not a method reference: no lambda bootstrap at start). */
    private static final class TextHostList implements HostExpander {
        @Override
        public List<String> expand(String value, int defaultPort) {
            return HostList.expandAddresses(value, defaultPort);
        }
    }
}
