package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.StorageFormatReq;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.mgmt.LeaderQueryReq;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;

/**
 * A system of {@value #NODES} daos_server processes on this host, every one an access point
 * (issue 12): each on its own distribution copy (its own log and system DB), its own work
 * directory and control port, the Raft port being the control port + 1; two emulated engines
 * each. Or, {@linkplain #create(WorkRule, boolean) on loopback addresses}, each node on its own
 * address 127.0.0.2, 127.0.0.3, … and all on one control port. Nodes are started, killed (SIGKILL), stopped (SIGSTOP) and resumed one at a time; a
 * node's channel is made anew at each start. Waits are on log events, never on sleeps.
 */
final class ApCluster {

    static final int NODES = 3;
    static final String LOOPBACK = "127.0.0.1";
    static final String LISTEN_PROPERTY = "daos.listen.address";
    static final long START_MS = 60_000;
    static final long EVENT_MS = 60_000;
    private static final Pattern STARTED_ON = Pattern.compile("I/O server instance (\\d) started on rank (\\d+)");

    /** One daos_server of the system. */
    static final class Node {
        final int index;
        final NodeSupport support;
        /** The address it listens on and calls from ({@code daos.listen.address}), or 127.0.0.1 for every interface. */
        final String host;
        private final int port;
        ServerProcess server;
        ManagedChannel channel;

        Node(int index, NodeSupport support, String host, int port) {
            this.index = index;
            this.support = support;
            this.host = host;
            this.port = port;
        }

        int port() {
            return port;
        }

        String address() {
            return host + ":" + port;
        }

        /** JAVA_OPTS with the listen address, when the node has one. */
        Map<String, String> env() {
            return host.equals(LOOPBACK) ? Map.of() : Map.of("JAVA_OPTS", "-D" + LISTEN_PROPERTY + "=" + host);
        }

        MgmtSvcGrpc.MgmtSvcBlockingStub mgmt() {
            return MgmtSvcGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        }

        MgmtCtlGrpc.MgmtCtlBlockingStub ctl() {
            return MgmtCtlGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        }

        boolean alive() {
            return server != null && server.process.isAlive();
        }

        /** The rank of each instance as this run's log says ("started on rank"), from line {@code mark}. */
        Map<Integer, Integer> ranksSince(int mark) throws Exception {
            Map<Integer, Integer> out = new LinkedHashMap<>();
            for (String l : support.linesFrom(mark)) {
                Matcher m = STARTED_ON.matcher(l);
                if (m.find()) {
                    out.put(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                }
            }
            return out;
        }
    }

    private final WorkRule rule;
    final List<Node> nodes = new ArrayList<>();
    /** The client context of the nodes' channels; null: plaintext. */
    private SslContext clientTls;

    private ApCluster(WorkRule rule) {
        this.rule = rule;
    }

    /**
     * {@value #NODES} nodes on fresh distribution copies, configured with every node as an access
     * point; not started.
     */
    static ApCluster create(WorkRule rule) throws IOException {
        return create(rule, false);
    }

    /**
     * As {@link #create(WorkRule)}; with {@code loopbacks} node {@code i} listens on and calls
     * from 127.0.0.{@code i+2} ({@code daos.listen.address}), every node on the same control
     * port (and the same Raft port after it), as if they were different hosts.
     */
    static ApCluster create(WorkRule rule, boolean loopbacks) throws IOException {
        ApCluster c = new ApCluster(rule);
        Set<Integer> taken = new HashSet<>();
        int shared = -1;
        for (int i = 0; i < NODES; i++) {
            Dist dist = Dist.copy("e2e-ap" + i + "-");
            rule.own(dist.home.getParent());
            String host = loopbacks ? "127.0.0." + (i + 2) : LOOPBACK;
            NodeSupport n;
            do {
                Path work = rule.own(Files.createTempDirectory("e2e-ap" + i + "-work-"));
                n = NodeSupport.in(dist, work, false);
            } while (shared < 0 && !usable(n.port, taken, loopbacks));
            int port = shared >= 0 ? shared : n.port;
            if (loopbacks) {
                shared = port;
                Path yml = n.config();
                Files.writeString(yml, Files.readString(yml).replaceFirst("(?m)^port: \\d+$", "port: " + port));
            }
            taken.add(port);
            taken.add(port + 1);
            c.nodes.add(new Node(i, n, host, port));
            rule.keepOnFailure("ap" + i, n.log().getParent());
        }
        StringBuilder aps = new StringBuilder("access_points: [");
        for (Node n : c.nodes) {
            aps.append(n.index == 0 ? "" : ", ").append('"').append(n.address()).append('"');
        }
        aps.append("]");
        for (Node n : c.nodes) {
            Path yml = n.support.config();
            String text = Files.readString(yml).replaceFirst("access_points: \\[[^\\]]*\\]", aps.toString());
            Files.writeString(yml, text);
        }
        return c;
    }

    /**
     * The nodes' channels, made at each later {@link #start}, speak TLS with {@code tls} (a client
     * context, e.g. the admin certificate's) and expect the server name {@code server}, for nodes
     * configured secure; without this call they are plaintext.
     */
    ApCluster clientTls(SslContext tls) {
        this.clientTls = tls;
        return this;
    }

    /**
     * The control port and the Raft port after it are free and clear of the other nodes' ports;
     * with {@code loopbacks} both are free on each node's address.
     */
    private static boolean usable(int port, Set<Integer> taken, boolean loopbacks) {
        if (port + 1 > 65535 || taken.contains(port) || taken.contains(port + 1) || taken.contains(port - 1)) {
            return false;
        }
        List<InetSocketAddress> want = new ArrayList<>(List.of(new InetSocketAddress("0.0.0.0", port + 1)));
        for (int i = 0; loopbacks && i < NODES; i++) {
            want.add(new InetSocketAddress("127.0.0." + (i + 2), port));
            want.add(new InetSocketAddress("127.0.0." + (i + 2), port + 1));
        }
        for (InetSocketAddress a : want) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(a);
            } catch (IOException busy) {
                return false;
            }
        }
        return true;
    }

    /** Starts node {@code n} on its storage and a new channel; returns its log line count at the start. */
    int start(Node n) throws Exception {
        int mark = n.support.logLines();
        n.server = rule.track(ServerProcess.start(n.support.dist, n.env(), "start", "-o",
                n.support.config().toString()));
        assertEquals(n.port(), n.server.awaitListening(START_MS));
        n.channel = rule.channel(n.host, n.port(), clientTls);
        return mark;
    }

    /** Starts every node, formats them all at once, and waits until each of their instances started on a rank. */
    void startAndFormat() throws Exception {
        for (Node n : nodes) {
            start(n);
        }
        ExecutorService pool = Executors.newFixedThreadPool(NODES);
        try {
            List<Future<?>> formats = new ArrayList<>();
            for (Node n : nodes) {
                formats.add(pool.submit(() -> {
                    n.support.awaitLog(n.server, 0, l -> l.contains("SCM format required on instance 0"), EVENT_MS);
                    n.ctl().storageFormat(StorageFormatReq.getDefaultInstance()).forEachRemaining(r -> { });
                    return null;
                }));
            }
            for (Future<?> f : formats) {
                f.get(2 * EVENT_MS, TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (Node n : nodes) {
            n.support.awaitSetUp(n.server, 0, EVENT_MS);
        }
    }

    /** SIGKILL of node {@code n}'s daos_server; its engines die with it. */
    void kill(Node n) throws Exception {
        List<ProcessHandle> engines = n.support.engineProcesses();
        n.server.process.destroyForcibly();
        assertTrue("daos_server did not die of SIGKILL", n.server.process.waitFor(30, TimeUnit.SECONDS));
        for (ProcessHandle h : engines) {
            h.onExit().get(30, TimeUnit.SECONDS);
        }
        // the channel stays open (it fails UNAVAILABLE until the restart replaces it; the rule
        // closes it): a call on a channel shut down fails in gRPC's own executors instead
    }

    /** SIGSTOP ({@code stop}) or SIGCONT of node {@code n}'s daos_server (its engines run on). */
    static void signal(Node n, boolean stop) throws Exception {
        Process p = new ProcessBuilder("kill", stop ? "-STOP" : "-CONT", Long.toString(n.server.process.pid())).start();
        assertEquals(0, p.waitFor());
    }

    /** Restarts node {@code n} after a kill and waits until both its instances started again; their ranks. */
    Map<Integer, Integer> restart(Node n) throws Exception {
        int mark = start(n);
        n.support.awaitSetUp(n.server, mark, EVENT_MS);
        return n.ranksSince(mark);
    }

    /** The index of the node LeaderQuery through {@code via} names as leader. */
    int leader(Node via) {
        String addr = via.mgmt().leaderQuery(LeaderQueryReq.newBuilder().setSystem(MgmtCalls.SYS).build())
                .getCurrentLeader();
        for (Node n : nodes) {
            if (n.address().equals(addr)) {
                return n.index;
            }
        }
        throw new AssertionError("LeaderQuery through " + via.address() + " named " + addr + ", not a node");
    }

    /** SystemQuery through {@code via}, rank → member. */
    static Map<Integer, SystemMember> members(Node via) {
        Map<Integer, SystemMember> out = new LinkedHashMap<>();
        for (SystemMember m : via.ctl().systemQuery(SystemQueryReq.getDefaultInstance()).getMembersList()) {
            out.put(m.getRank(), m);
        }
        return out;
    }

    /** The live nodes other than {@code not}. */
    List<Node> others(Node not) {
        return nodes.stream().filter(n -> n != not && n.alive()).toList();
    }
}
