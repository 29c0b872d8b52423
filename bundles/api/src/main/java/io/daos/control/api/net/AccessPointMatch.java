package io.daos.control.api.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether this host is one of the configured access points (SPEC-SYSTEM §1.3): the first access
 * point whose port is the control port and whose host resolves to an address of a local
 * interface, or to the {@linkplain ListenAddress listen address} when one is set. The harness decides the management-service replica with it, the management bundle
 * whether to keep the system DB. Name resolution and the interface list are parameters so that
 * tests can replace them.
 */
public final class AccessPointMatch {

    /** Host name to addresses. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** The addresses of this host's network interfaces. */
    @FunctionalInterface
    public interface LocalAddresses {
        Set<InetAddress> list() throws IOException;
    }

    /** DNS and {@code /etc/hosts}. */
    public static final Resolver SYSTEM_RESOLVER = InetAddress::getAllByName;
    /** Every address of every network interface. */
    public static final LocalAddresses INTERFACES = AccessPointMatch::interfaceAddresses;

    private AccessPointMatch() {
    }

    /**
     * The index of the first access point that is this server on {@code port}, or -1. With a
     * specific listen address ({@link ListenAddress#PROPERTY}: {@code listenAddress} names one) the
     * only local address is that one, the reference's rule for a control address that is not a
     * wildcard; otherwise every address of {@code local}.
     *
     * @param listenAddress the value of {@value ListenAddress#PROPERTY}, null when unset
     * @throws IOException as {@link #localIndex(List, int, Resolver, LocalAddresses)}, and
     *         {@code invalid listen address: …} when {@code listenAddress} is not an IP literal
     */
    public static int localIndex(List<String> accessPoints, int port, String listenAddress, Resolver resolver,
            LocalAddresses local) throws IOException {
        Optional<InetAddress> specific;
        try {
            specific = ListenAddress.parse(listenAddress);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid listen address: " + e.getMessage(), e);
        }
        LocalAddresses candidates = specific.isPresent() ? () -> Set.of(specific.get()) : local;
        return localIndex(accessPoints, port, resolver, candidates);
    }

    /**
     * The index of the first access point that is this host on {@code port}, or -1.
     *
     * @throws IOException with the reference's text: {@code failed to list local interfaces: …},
     *         {@code invalid access point: …}, {@code failed to resolve access point <ap>: …}
     */
    public static int localIndex(List<String> accessPoints, int port, Resolver resolver, LocalAddresses local)
            throws IOException {
        Set<InetAddress> mine;
        try {
            mine = local.list();
        } catch (IOException e) {
            throw new IOException("failed to list local interfaces: " + e.getMessage(), e);
        }
        for (int i = 0; i < accessPoints.size(); i++) {
            String text = accessPoints.get(i);
            HostPort ap = parse(text, port);
            if (ap.port() != port) {
                continue;
            }
            for (InetAddress a : resolve(text, ap, resolver)) {
                if (mine.contains(a)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** {@link HostPort#parse(String, int)}, failing as {@code invalid access point: …}. */
    public static HostPort parse(String accessPoint, int defaultPort) throws IOException {
        try {
            return HostPort.parse(accessPoint, defaultPort);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid access point: " + e.getMessage(), e);
        }
    }

    /** The addresses of {@code ap}, failing as {@code failed to resolve access point <text>: …}. */
    public static InetAddress[] resolve(String text, HostPort ap, Resolver resolver) throws IOException {
        try {
            InetAddress[] all = resolver.resolve(ap.host());
            if (all == null || all.length == 0) {
                throw new UnknownHostException(ap.host() + ": no addresses");
            }
            return all;
        } catch (UnknownHostException e) {
            throw new IOException("failed to resolve access point " + text + ": " + e.getMessage(), e);
        }
    }

    private static Set<InetAddress> interfaceAddresses() throws IOException {
        Set<InetAddress> all = new HashSet<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            all.addAll(Collections.list(ni.getInetAddresses()));
        }
        return all;
    }
}
