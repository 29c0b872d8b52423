package io.daos.control.dmg.cmd.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

import io.daos.control.dmg.cli.CommandRegistry;
import io.daos.control.dmg.cli.Connector;
import io.daos.control.dmg.cli.Dmg;
import io.daos.control.dmg.cli.Output;
import io.daos.control.dmg.cli.Platform;
import io.daos.control.dmg.conn.Connections;

/**
 * The base of the storage and network command tests: loopback {@link StorageServer}s on
 * 127.0.0.1, 127.0.0.2, ..., and {@code dmg -i -l <all of them> <command>} run through the real
 * parser and command bodies. The connector opens real connections and prints nothing, so stdout
 * holds only the command's own output.
 */
public abstract class StorageCli {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final List<StorageServer> servers = new ArrayList<>();
    /** What the command reads on stdin. */
    String stdin = "";
    /** Whether stdout counts as a terminal. */
    boolean terminal;
    /** Run once the connections are open, before the command body. */
    Runnable afterConnect = () -> { };

    @After
    public void stopServers() throws Exception {
        for (StorageServer s : servers) {
            s.close();
        }
    }

    /** Starts {@code n} servers, on 127.0.0.1 to 127.0.0.n. */
    List<StorageServer> start(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            servers.add(new StorageServer("127.0.0." + (servers.size() + 1)));
        }
        return servers;
    }

    StorageServer server(int i) {
        return servers.get(i);
    }

    /** Runs {@code dmg -i -l <servers> args...}; returns the exit status. */
    int dmg(String... args) throws Exception {
        stdout.reset();
        stderr.reset();
        Output out = new Output(new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8),
                Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC))
                .interactive(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), terminal);
        Platform platform = new Platform(Map.<String, String>of()::get, tmp.newFolder().toPath(), null,
                tmp.getRoot().toPath());
        Connector connector = (addresses, tls, proxy, o) -> {
            Connections c = Connections.open(addresses, null, Duration.ofSeconds(10));
            afterConnect.run();
            return c;
        };
        List<String> all = new ArrayList<>(List.of("-i", "-l", String.join(",", addresses())));
        all.addAll(Arrays.asList(args));
        return new Dmg(platform, out, (value, port) -> List.of(value.split(",")), connector,
                StorageCommands.register(new CommandRegistry())).run(all.toArray(String[]::new));
    }

    List<String> addresses() {
        return servers.stream().map(StorageServer::address).toList();
    }

    String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }
}
