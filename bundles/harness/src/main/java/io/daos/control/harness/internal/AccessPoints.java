package io.daos.control.harness.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.net.AccessPointMatch;
import io.daos.control.api.net.HostPort;
import io.daos.control.api.net.ListenAddress;

/**
 * The configured access points as the harness uses them: whether this host is a management
 * service replica (SPEC-SYSTEM §1.3) and whether it bootstraps the system on its own (only with
 * one access point; with several the replicated system DB decides), the access points in order
 * as the Join targets, and the first access point resolved to {@code IP:port} (the address of a
 * locally registered MS member, with one access point).
 * Addresses are parsed with {@link HostPort#parse(String, int)}, the control port of the
 * configuration being the default.
 */
final class AccessPoints {

    /** Host name to addresses (DNS, {@code /etc/hosts}); replaced in tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** The addresses of this host's network interfaces; replaced in tests. */
    @FunctionalInterface
    interface LocalAddresses {
        Set<InetAddress> list() throws IOException;
    }

    private final ServerConfig config;
    private final String listenAddress;
    private final Resolver resolver;
    private final LocalAddresses local;
    private volatile String resolvedFirst;

    AccessPoints(ServerConfig config) {
        this(config, null);
    }

    /** @param listenAddress the framework property {@value ListenAddress#PROPERTY}, null when unset */
    AccessPoints(ServerConfig config, String listenAddress) {
        this(config, listenAddress, AccessPointMatch.SYSTEM_RESOLVER::resolve, AccessPointMatch.INTERFACES::list);
    }

    AccessPoints(ServerConfig config, Resolver resolver, LocalAddresses local) {
        this(config, null, resolver, local);
    }

    AccessPoints(ServerConfig config, String listenAddress, Resolver resolver, LocalAddresses local) {
        this.config = config;
        this.listenAddress = listenAddress;
        this.resolver = resolver;
        this.local = local;
    }

    /**
     * The MS replica decision: the index of the first access point whose port is the control
     * port and whose host resolves to an address of a local interface (to the listen address
     * when {@value ListenAddress#PROPERTY} names one), or -1 when none does.
     */
    int replicaIndex() throws Fatal {
        try {
            return AccessPointMatch.localIndex(config.accessPoints(), config.port(), listenAddress, resolver::resolve,
                    local::list);
        } catch (IOException e) {
            throw new Fatal(e.getMessage());
        }
    }

    /**
     * Several access points: their replicated system DB gives every rank, rank 0 included (no
     * instance bootstraps on its own, every instance Joins on every start, nothing is registered
     * locally).
     */
    boolean several() {
        return config.accessPoints().size() > 1;
    }

    /**
     * This host bootstraps the management service: it is the one access point. With several
     * access points no host does, whatever its place in the list.
     */
    boolean bootstraps() throws Fatal {
        return !several() && replicaIndex() == 0;
    }

    /** The first access point, unresolved. */
    HostPort first() throws Fatal {
        return all().get(0);
    }

    /** Every access point, unresolved, in configured order: where Join goes, one after another. */
    List<HostPort> all() throws Fatal {
        List<String> aps = config.accessPoints();
        if (aps.isEmpty()) {
            throw new Fatal("no access points defined");
        }
        List<HostPort> out = new ArrayList<>(aps.size());
        for (String ap : aps) {
            out.add(parse(ap));
        }
        return out;
    }

    /** The first access point resolved to {@code IP:port}; resolved once, then kept. */
    String resolvedFirst() throws Fatal {
        String cached = resolvedFirst;
        if (cached != null) {
            return cached;
        }
        HostPort ap = first();
        InetAddress[] all = resolve(config.accessPoints().get(0), ap);
        String r = HostPort.of(all[0].getHostAddress(), ap.port()).toString();
        resolvedFirst = r;
        return r;
    }

    private HostPort parse(String ap) throws Fatal {
        try {
            return AccessPointMatch.parse(ap, config.port());
        } catch (IOException e) {
            throw new Fatal(e.getMessage());
        }
    }

    private InetAddress[] resolve(String text, HostPort ap) throws Fatal {
        try {
            return AccessPointMatch.resolve(text, ap, resolver::resolve);
        } catch (IOException e) {
            throw new Fatal(e.getMessage());
        }
    }
}
