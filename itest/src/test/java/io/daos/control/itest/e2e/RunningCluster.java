package io.daos.control.itest.e2e;

import java.util.List;
import java.util.Map;

/**
 * {@value ApCluster#NODES} formatted, running access points ({@link ApCluster}) for benchmarks
 * outside this package: started, formatted, every rank joined. Needs root (ram SCM). {@link #close}
 * stops the servers and removes their copies and work directories.
 */
public final class RunningCluster implements AutoCloseable {

    private final WorkRule rule = new WorkRule();
    private final ApCluster cluster;

    private RunningCluster() throws Exception {
        try {
            rule.before();
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        try {
            cluster = ApCluster.create(rule);
            cluster.startAndFormat();
        } catch (Exception | Error e) {
            rule.after();
            throw e;
        }
    }

    /** Starts and formats the system. */
    public static RunningCluster startFormatted() throws Exception {
        return new RunningCluster();
    }

    /** The control ports, node by node. */
    public List<Integer> ports() {
        return cluster.nodes.stream().map(ApCluster.Node::port).toList();
    }

    /** The node LeaderQuery (through any live node) names as leader. */
    public int leader() {
        return cluster.leader(cluster.others(null).get(0));
    }

    /** SIGKILL of node {@code i} (its engines die with it). */
    public void kill(int i) throws Exception {
        cluster.kill(cluster.nodes.get(i));
    }

    /** Starts node {@code i} again and waits until its instances started; rank by instance. */
    public Map<Integer, Integer> restart(int i) throws Exception {
        return cluster.restart(cluster.nodes.get(i));
    }

    /** The pid of node {@code i}'s daos_server. */
    public long pid(int i) {
        return cluster.nodes.get(i).server.process.pid();
    }

    @Override
    public void close() {
        rule.after();
    }
}
