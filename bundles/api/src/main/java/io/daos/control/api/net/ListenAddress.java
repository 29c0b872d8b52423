package io.daos.control.api.net;

import java.net.InetAddress;
import java.util.Optional;

import io.daos.control.api.grpc.ClientValues;

/**
 * The address this control server listens on and speaks from: the framework property
 * {@value #PROPERTY}, an IP literal. Unset, blank or a wildcard ({@code 0.0.0.0}, {@code ::}) means
 * every interface, the default. A specific address lets several daos_server processes share one
 * control port on one host, each on its own address (127.0.0.2, 127.0.0.3, … on loopback), as if
 * they were different hosts: the gRPC server binds to it, the access-point match takes it as the
 * only local address (SPEC-SYSTEM §1.3), and calls to other control servers leave from it.
 */
public final class ListenAddress {

    /** Framework property: the IP literal to listen on and call from. */
    public static final String PROPERTY = "daos.listen.address";
    /** The host the gRPC server binds to when no specific address is set. */
    public static final String ANY_HOST = "0.0.0.0";

    private ListenAddress() {
    }

    /**
     * The specific address {@code value} names, or empty for every interface (null, blank or a
     * wildcard address). Never looks a name up.
     *
     * @throws IllegalArgumentException {@code value} is not an IP literal; the message names the
     *         property and quotes a short prefix of the value
     */
    public static Optional<InetAddress> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        InetAddress a = HostPort.ipLiteral(value).orElseThrow(() -> bad(value));
        return a.isAnyLocalAddress() ? Optional.empty() : Optional.of(a);
    }

    /** The host to bind a server to: the specific address of {@code value}, else {@value #ANY_HOST}. */
    public static String bindHost(String value) {
        return parse(value).map(InetAddress::getHostAddress).orElse(ANY_HOST);
    }

    private static IllegalArgumentException bad(String value) {
        return new IllegalArgumentException(PROPERTY + " is not an IP address: " + ClientValues.quote(value));
    }
}
