package io.daos.control.dmg;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.daos.control.api.config.TransportConfig;
import io.daos.control.dmg.cli.Connector;
import io.daos.control.dmg.cli.Output;
import io.daos.control.dmg.cli.Platform;
import io.daos.control.dmg.cli.ProxyPolicy;
import io.daos.control.dmg.cmd.GrpcConnector;
import io.daos.control.dmg.conn.Connections;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * The training run of the class-data archive (issue 15): the archive holds the classes a run
 * loaded and the lambda and method-handle call sites it linked, so a run that made it for one
 * command left every other command to link its own at each start (about 20 ms of a 150 ms
 * budget). Here every command runs once, its output thrown away, against channels in this process
 * that answer every call with an empty reply — no host is dialled, nothing is written.
 */
final class Training {

    private static final String POOL = "12345678-1234-1234-1234-123456789abc";
    private static final List<String> HOSTS = List.of("localhost:10001", "localhost:10002");
    private static final String[][] COMMANDS = {
        {"system", "query"}, {"system", "query", "-v"}, {"system", "query", "-r", "0-1"}, {"-j", "system", "query"},
        {"system", "stop"}, {"system", "start"}, {"-j", "system", "start"}, {"system", "leader-query"},
        {"-j", "system", "leader-query"}, {"system", "list-pools"}, {"pool", "list"}, {"-j", "pool", "list"},
        {"pool", "create", "-s", "1G"}, {"-j", "pool", "create", "-s", "1GiB", "-n", "1T"},
        {"pool", "query", "--pool", POOL}, {"-j", "pool", "query", "--pool", POOL},
        {"pool", "destroy", "--pool", POOL}, {"pool", "get-acl", "--pool", POOL, "-v"},
        {"pool", "update-acl", "--pool", POOL, "-e", "A::u@:rw"}, {"pool", "delete-acl", "--pool", POOL, "-p", "u:u@"},
        {"pool", "set-prop", "--pool", POOL, "--name", "reclaim", "--value", "lazy"},
        {"storage", "scan"}, {"storage", "scan", "-v"}, {"-j", "storage", "scan"}, {"storage", "format"},
        {"storage", "format", "-v"}, {"-j", "storage", "format"}, {"storage", "query", "nvme-health"},
        {"storage", "query", "smd"}, {"storage", "query", "device-state", "-u", POOL},
        {"storage", "query", "blobstore-health", "-u", POOL}, {"storage", "set", "nvme-faulty", "-u", POOL},
        {"storage", "prepare", "-n", "-f"}, {"network", "scan"}, {"network", "list"}, {"-j", "network", "scan"},
        {"version"}, {"system", "quack"}, {"pool", "create"},
    };

    private Training() {
    }

    /**
     * Runs every command of {@link #COMMANDS}; nothing it does reaches the caller or the outside.
     *
     * @return each command's exit status ({@code -1}: it threw), in {@link #COMMANDS} order
     */
    static int[] run() {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        Connector connector = new InProcess();
        Platform platform = Platform.system();
        int[] status = new int[COMMANDS.length];
        for (int i = 0; i < COMMANDS.length; i++) {
            String[] command = COMMANDS[i];
            String[] args = new String[command.length + 3];
            args[0] = "-i";
            args[1] = "-l";
            args[2] = String.join(",", HOSTS);
            System.arraycopy(command, 0, args, 3, command.length);
            try {
                status[i] = Main.run(args, new Output(discard, discard), platform, connector);
            } catch (RuntimeException | LinkageError e) {
                status[i] = -1; // training only: the user's own command still runs after it
            }
        }
        return status;
    }

    /** The commands, for tests. */
    static String[][] commands() {
        return COMMANDS.clone();
    }

    /** Connects every address to an {@link Empty} channel and prints the states as the real connector does. */
    private static final class InProcess implements Connector {
        @Override
        public AutoCloseable connect(List<String> addresses, TransportConfig tls, ProxyPolicy proxy, Output out) {
            Map<String, Channel> channels = new LinkedHashMap<>();
            for (String address : addresses) {
                channels.put(address, new Empty());
            }
            Connections c = Connections.over(channels);
            out.info(GrpcConnector.render(c.states()));
            return c;
        }
    }

    /** A channel whose every call (unary or server streaming) answers one empty message and OK. */
    private static final class Empty extends Channel {
        @Override
        public <Q, A> ClientCall<Q, A> newCall(MethodDescriptor<Q, A> method, CallOptions options) {
            return new ClientCall<Q, A>() {
                private Listener<A> listener;

                @Override
                public void start(Listener<A> responseListener, Metadata headers) {
                    listener = responseListener;
                }

                @Override
                public void request(int numMessages) {
                }

                @Override
                public void cancel(String message, Throwable cause) {
                }

                @Override
                public void halfClose() {
                    listener.onHeaders(new Metadata());
                    listener.onMessage(method.parseResponse(new ByteArrayInputStream(new byte[0])));
                    listener.onClose(Status.OK, new Metadata());
                }

                @Override
                public void sendMessage(Q message) {
                    method.streamRequest(message);
                }
            };
        }

        @Override
        public String authority() {
            return "training";
        }
    }
}
