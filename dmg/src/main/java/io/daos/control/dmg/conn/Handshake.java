package io.daos.control.dmg.conn;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The client side of a TLS handshake as gRPC makes it, on the JDK's own TLS: the protocols and
 * cipher suites of {@link ClientTls} (TLS 1.3, and TLS 1.2 with the two suites of the v1.0
 * servers), ALPN {@code h2} (required: a server that does not agree on it is a failed handshake,
 * as in grpc-java), the server's name sent (SNI) and checked against its certificate.
 */
final class Handshake {

    private Handshake() {
    }

    /** The TLS socket over {@code raw}, its handshake done. */
    static Socket run(H2Connection.Tls tls, Socket raw, int port) throws IOException {
        SSLSocket s = (SSLSocket) tls.context().getSocketFactory().createSocket(raw, tls.serverName(), port, true);
        SSLParameters p = s.getSSLParameters();
        p.setProtocols(supported(ClientTls.PROTOCOLS, s.getSupportedProtocols()));
        p.setCipherSuites(supported(ClientTls.CIPHERS, s.getSupportedCipherSuites()));
        p.setApplicationProtocols(new String[] {"h2"});
        p.setEndpointIdentificationAlgorithm("HTTPS");
        try {
            p.setServerNames(List.of(new SNIHostName(tls.serverName())));
        } catch (IllegalArgumentException e) {
            // not a host name (an address): checked against the certificate all the same
        }
        s.setSSLParameters(p);
        try {
            s.startHandshake();
        } catch (IOException e) {
            s.close();
            throw e;
        }
        if (!"h2".equals(s.getApplicationProtocol())) {
            s.close();
            throw new SSLHandshakeException("Failed ALPN negotiation: Unable to find compatible protocol");
        }
        return s;
    }

    /** Ours, in our order, that the JDK supports. */
    private static String[] supported(List<String> ours, String[] jdk) {
        List<String> have = Arrays.asList(jdk);
        List<String> out = new ArrayList<>();
        for (String o : ours) {
            if (have.contains(o)) {
                out.add(o);
            }
        }
        return out.toArray(new String[0]);
    }
}
