package io.daos.control.security.internal;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Per-method authorization of a secure server (SPEC-SYSTEM §5.4): the caller's component is the
 * common name of its verified certificate ({@code admin}, {@code agent}, {@code server}; anything
 * else is {@code undefined}), and each method is allowed to exactly one component by the
 * reference's table. A method not in the table is denied to everyone, unless the gRPC module that
 * serves it declared its components ({@link io.daos.control.api.security.MethodAccess}, kept by
 * {@link DeclaredComponents}); a module cannot declare for a service of the table. Our own
 * additions: the peer service ({@code peer.ControlPeer}) is the {@code server}'s, and health and
 * reflection are open to every verified component. Denials answer the reference's status and
 * message. Unary and streaming calls alike: the check runs when the call starts.
 */
final class MethodAuthorization implements ServerInterceptor {

    static final String ADMIN = "admin";
    static final String AGENT = "agent";
    static final String SERVER = "server";
    static final String UNDEFINED = "undefined";
    /** Open to every verified component. */
    static final String ANY = "*";

    /** Full method name (without the leading slash) to the one component allowed. */
    static final Map<String, String> TABLE = Map.ofEntries(
            Map.entry("ctl.MgmtCtl/StoragePrepare", ADMIN),
            Map.entry("ctl.MgmtCtl/StorageScan", ADMIN),
            Map.entry("ctl.MgmtCtl/StorageFormat", ADMIN),
            Map.entry("ctl.MgmtCtl/SystemQuery", ADMIN),
            Map.entry("ctl.MgmtCtl/SystemStop", ADMIN),
            Map.entry("ctl.MgmtCtl/SystemStart", ADMIN),
            Map.entry("ctl.MgmtCtl/NetworkListProviders", ADMIN),
            Map.entry("ctl.MgmtCtl/NetworkScanDevices", ADMIN),
            Map.entry("mgmt.MgmtSvc/Join", SERVER),
            Map.entry("mgmt.MgmtSvc/LeaderQuery", ADMIN),
            Map.entry("mgmt.MgmtSvc/PoolCreate", ADMIN),
            Map.entry("mgmt.MgmtSvc/PoolDestroy", ADMIN),
            Map.entry("mgmt.MgmtSvc/PoolQuery", ADMIN),
            Map.entry("mgmt.MgmtSvc/PoolSetProp", ADMIN),
            Map.entry("mgmt.MgmtSvc/PoolGetACL", ADMIN),
            Map.entry("mgmt.MgmtSvc/PoolOverwriteACL", ADMIN),
            Map.entry("mgmt.MgmtSvc/PoolUpdateACL", ADMIN),
            Map.entry("mgmt.MgmtSvc/PoolDeleteACL", ADMIN),
            Map.entry("mgmt.MgmtSvc/GetAttachInfo", AGENT),
            Map.entry("mgmt.MgmtSvc/BioHealthQuery", ADMIN),
            Map.entry("mgmt.MgmtSvc/SmdListDevs", ADMIN),
            Map.entry("mgmt.MgmtSvc/SmdListPools", ADMIN),
            Map.entry("mgmt.MgmtSvc/ListPools", ADMIN),
            Map.entry("mgmt.MgmtSvc/DevStateQuery", ADMIN),
            Map.entry("mgmt.MgmtSvc/StorageSetFaulty", ADMIN),
            Map.entry("mgmt.MgmtSvc/ListContainers", ADMIN),
            Map.entry("mgmt.MgmtSvc/PrepShutdownRanks", SERVER),
            Map.entry("mgmt.MgmtSvc/StopRanks", SERVER),
            Map.entry("mgmt.MgmtSvc/PingRanks", SERVER),
            Map.entry("mgmt.MgmtSvc/StartRanks", SERVER),
            Map.entry("peer.ControlPeer/Forward", SERVER),
            Map.entry("peer.ControlPeer/EngineCall", SERVER),
            Map.entry("grpc.health.v1.Health/Check", ANY),
            Map.entry("grpc.health.v1.Health/Watch", ANY),
            Map.entry("grpc.reflection.v1.ServerReflection/ServerReflectionInfo", ANY),
            Map.entry("grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", ANY));

    /** The services of the table: only the table decides for them. */
    static final Set<String> BUILT_IN_SERVICES = TABLE.keySet().stream()
            .map(m -> m.substring(0, m.indexOf('/'))).collect(Collectors.toUnmodifiableSet());

    private final DeclaredComponents declared;

    /** An authorization by the table alone. */
    MethodAuthorization() {
        this(new DeclaredComponents());
    }

    /** An authorization by the table, then by what modules {@code declared}. */
    MethodAuthorization(DeclaredComponents declared) {
        this.declared = declared;
    }

    /** Whether {@code service} (a full service name) is one the built-in table decides for. */
    static boolean isBuiltIn(String service) {
        return BUILT_IN_SERVICES.contains(service);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        Status refused = check(call.getMethodDescriptor().getFullMethodName(),
                call.getAttributes() == null ? null : call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        if (refused != null) {
            call.close(refused, new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }

    /**
     * The refusal of a call of {@code method} over {@code session}, or null when it is allowed.
     *
     * @param session the call's TLS session, null when there is none
     */
    Status check(String method, SSLSession session) {
        if (session == null) {
            return Status.UNAUTHENTICATED.withDescription("unable to obtain TLS info where it should be available");
        }
        X509Certificate peer;
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate x)) {
                return Status.UNAUTHENTICATED.withDescription("unable to verify client certificates");
            }
            peer = x;
        } catch (SSLPeerUnverifiedException e) {
            return Status.UNAUTHENTICATED.withDescription("unable to verify client certificates");
        }
        String component = component(peer);
        if (!UNDEFINED.equals(component) && allowed(method, component)) {
            return null;
        }
        return Status.PERMISSION_DENIED.withDescription(component + " does not have permission to call /" + method);
    }

    private boolean allowed(String method, String component) {
        String allowed = TABLE.get(method);
        if (allowed != null) {
            return ANY.equals(allowed) || allowed.equals(component);
        }
        int slash = method.lastIndexOf('/');
        String service = slash < 0 ? "" : method.substring(0, slash);
        return slash >= 0 && !isBuiltIn(service) && declared.allows(service, method.substring(slash + 1), component);
    }

    /** The component of a certificate: its common name when it names one, else {@code undefined}. */
    static String component(X509Certificate certificate) {
        String cn = commonName(certificate).orElse("");
        return switch (cn) {
            case ADMIN, AGENT, SERVER -> cn;
            default -> UNDEFINED;
        };
    }

    private static Optional<String> commonName(X509Certificate certificate) {
        try {
            LdapName name = new LdapName(certificate.getSubjectX500Principal().getName());
            for (Rdn rdn : name.getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return Optional.of(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
