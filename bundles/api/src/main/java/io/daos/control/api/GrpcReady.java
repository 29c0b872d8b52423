package io.daos.control.api;

/**
 * Readiness signal of the gRPC server, for the launcher (which is not a bundle and cannot load
 * our classes): once the control port is listening, the rpc-server bundle registers a marker
 * service (object class {@code java.lang.Object}) carrying these string properties, and
 * unregisters it before it shuts the server down. The property names are the contract.
 */
public final class GrpcReady {

    /** The bound TCP port, as a decimal string (e.g. {@code "10001"}). */
    public static final String PORT = "daos.grpc.port";
    /** The listening address, {@code "0.0.0.0:<port>"} or {@code "<daos.listen.address>:<port>"}. */
    public static final String ADDRESS = "daos.grpc.address";
    /**
     * Secure (mutual TLS) only: the absolute path of {@code transport_config.ca_cert}, so that the
     * launcher's banner can tell how to reach the server with TLS.
     */
    public static final String TLS_CA_CERT = "daos.grpc.tls.ca_cert";
    /** Secure only: the absolute path of {@code transport_config.cert} (the server certificate). */
    public static final String TLS_CERT = "daos.grpc.tls.cert";
    /** LDAP filter matching the marker. */
    public static final String FILTER = "(" + PORT + "=*)";

    private GrpcReady() {
    }
}
