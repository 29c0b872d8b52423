package io.daos.control.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.google.protobuf.Empty;

import io.daos.control.api.config.TransportConfig;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * {@link MethodAuthorization} over real mutual TLS on loopback TCP: a Netty gRPC server with the
 * server certificate of a {@link TestPki}, serving every method of {@code mgmt.MgmtSvc} and
 * {@code ctl.MgmtCtl} (from their generated descriptors, each answering a default reply) and a
 * hot-added service {@code test.Hot}, each behind the interceptor; clients presenting the admin,
 * agent and server certificates, and certificates the handshake must refuse. Every method of the
 * table is called by the component of the table; served calls are counted by the fake services,
 * so a denied or refused call is also one the service never saw.
 */
public class AuthorizationOverTlsTest {

    private static final long DEADLINE_S = 30;
    private static final String HOT = "test.Hot";
    private static final MethodDescriptor<Empty, Empty> HOT_CALL = hot("Call");
    private static final MethodDescriptor<Empty, Empty> HOT_OTHER = hot("Other");

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static TestPki pki;
    private static TlsMaterial serverMaterial;
    private static Server server;
    private static final DeclaredComponents DECLARED = new DeclaredComponents();
    private static final Map<String, AtomicInteger> SERVED = new ConcurrentHashMap<>();
    private static final Map<String, ManagedChannel> CHANNELS = new ConcurrentHashMap<>();
    private static final List<ManagedChannel> OTHER_CHANNELS = new ArrayList<>();

    @BeforeClass
    public static void startServer() throws Exception {
        pki = TestPki.create();
        TestPki.Issued own = pki.role("server");
        Path base = TMP.getRoot().toPath();
        TestPki.writeCerts(base.resolve("ca.crt"), "rw-rw-r--", pki.ca().certificate());
        TestPki.writeCerts(base.resolve("server.crt"), "rw-rw-r--", own.certificate());
        TestPki.writePkcs1(base.resolve("server.key"), "r--------", own.privateKey());
        serverMaterial = TlsMaterial.load(new TransportConfig(false, "", "ca.crt", "server.crt", "server.key",
                "server"), base, Clock.systemUTC());
        MaterialSecurity security = MaterialSecurity.of(serverMaterial);
        // as the rpc-server's ServerTls makes it: client certificate required, the JDK's TLS
        SslContext context = GrpcSslContexts.configure(SslContextBuilder.forServer(security.keyManagers()),
                SslProvider.JDK).trustManager(security.trustManagers()).clientAuth(ClientAuth.REQUIRE)
                .protocols(security.protocols()).ciphers(security.cipherSuites()).build();
        MethodAuthorization authorization = new MethodAuthorization(DECLARED);
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sslContext(context)
                .addService(ServerInterceptors.intercept(fake(MgmtSvcGrpc.getServiceDescriptor()), authorization))
                .addService(ServerInterceptors.intercept(fake(MgmtCtlGrpc.getServiceDescriptor()), authorization))
                .addService(ServerInterceptors.intercept(fake(ServiceDescriptor.newBuilder(HOT)
                        .addMethod(HOT_CALL).addMethod(HOT_OTHER).build()), authorization))
                .build().start();
    }

    @AfterClass
    public static void stopServer() throws Exception {
        List<ManagedChannel> all = new ArrayList<>(CHANNELS.values());
        all.addAll(OTHER_CHANNELS);
        for (ManagedChannel c : all) {
            c.shutdownNow();
            assertTrue(c.awaitTermination(DEADLINE_S, TimeUnit.SECONDS));
        }
        if (server != null) {
            server.shutdownNow();
            assertTrue(server.awaitTermination(DEADLINE_S, TimeUnit.SECONDS));
        }
    }

    @After
    public void forgetDeclarations() {
        for (long id = 1; id <= 3; id++) {
            DECLARED.remove(id);
        }
    }

    private static MethodDescriptor<Empty, Empty> hot(String name) {
        return MethodDescriptor.<Empty, Empty>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(HOT, name))
                .setRequestMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
                .setResponseMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance())).build();
    }

    /** Every method of {@code service}, counting its calls and answering a default reply. */
    private static ServerServiceDefinition fake(ServiceDescriptor service) {
        ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(service);
        for (MethodDescriptor<?, ?> method : service.getMethods()) {
            add(builder, method);
        }
        return builder.build();
    }

    private static <Q, R> void add(ServerServiceDefinition.Builder builder, MethodDescriptor<Q, R> method) {
        R reply = prototype(method.getResponseMarshaller());
        AtomicInteger count = SERVED.computeIfAbsent(method.getFullMethodName(), m -> new AtomicInteger());
        ServerCalls.UnaryMethod<Q, R> answer = (Q request, StreamObserver<R> out) -> {
            count.incrementAndGet();
            out.onNext(reply);
            out.onCompleted();
        };
        switch (method.getType()) {
            case UNARY -> builder.addMethod(method, ServerCalls.asyncUnaryCall(answer));
            case SERVER_STREAMING -> builder.addMethod(method, ServerCalls.asyncServerStreamingCall(answer::invoke));
            default -> throw new AssertionError(method.getFullMethodName() + " is " + method.getType());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T prototype(MethodDescriptor.Marshaller<T> marshaller) {
        return ((MethodDescriptor.PrototypeMarshaller<T>) marshaller).getMessagePrototype();
    }

    /** A channel to the server presenting {@code issued} (none when null), trusting our CA. */
    private static ManagedChannel channel(TestPki.Issued issued) throws Exception {
        SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(serverMaterial.trustManagerFactory());
        if (issued != null) {
            ssl.keyManager(TestPki.keyManagers(issued));
        }
        return NettyChannelBuilder.forAddress(InetAddress.getLoopbackAddress().getHostAddress(), server.getPort())
                .overrideAuthority("server").sslContext(ssl.build()).build();
    }

    private static ManagedChannel as(String component) {
        return CHANNELS.computeIfAbsent(component, c -> {
            try {
                return channel(pki.role(c));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Calls {@code method} with a default request: OK, or the status of its failure. */
    private static <Q, R> Status call(ManagedChannel channel, MethodDescriptor<Q, R> method) {
        Q request = prototype(method.getRequestMarshaller());
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_S, TimeUnit.SECONDS);
        try {
            if (method.getType() == MethodDescriptor.MethodType.UNARY) {
                ClientCalls.blockingUnaryCall(channel, method, options, request);
            } else {
                ClientCalls.blockingServerStreamingCall(channel, method, options, request).forEachRemaining(r -> {
                });
            }
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
    }

    private static MethodDescriptor<?, ?> method(String fullName) {
        for (ServiceDescriptor s : List.of(MgmtSvcGrpc.getServiceDescriptor(), MgmtCtlGrpc.getServiceDescriptor())) {
            for (MethodDescriptor<?, ?> m : s.getMethods()) {
                if (m.getFullMethodName().equals(fullName)) {
                    return m;
                }
            }
        }
        throw new AssertionError("no method " + fullName);
    }

    private static void assertServed(String component, MethodDescriptor<?, ?> method) {
        int before = SERVED.get(method.getFullMethodName()).get();
        assertEquals(component + " calling " + method.getFullMethodName(), Status.Code.OK,
                call(as(component), method).getCode());
        assertEquals(before + 1, SERVED.get(method.getFullMethodName()).get());
    }

    private static void assertDenied(String component, MethodDescriptor<?, ?> method) {
        int before = SERVED.get(method.getFullMethodName()).get();
        Status status = call(as(component), method);
        assertEquals(status.toString(), Status.Code.PERMISSION_DENIED, status.getCode());
        assertEquals(component + " does not have permission to call /" + method.getFullMethodName(),
                status.getDescription());
        assertEquals("never reached the service", before, SERVED.get(method.getFullMethodName()).get());
    }

    @Test
    public void theAgentCallingPoolCreateIsDeniedWithTheReferenceMessage() {
        MethodDescriptor<?, ?> poolCreate = method("mgmt.MgmtSvc/PoolCreate");
        assertDenied("agent", poolCreate);
        Status status = call(as("agent"), poolCreate);
        assertEquals("agent does not have permission to call /mgmt.MgmtSvc/PoolCreate", status.getDescription());
    }

    @Test
    public void theAdminCallingJoinIsDenied() {
        assertDenied("admin", MgmtSvcGrpc.getJoinMethod());
    }

    @Test
    public void theServerIsServedJoinAndPingRanks() {
        assertServed("server", MgmtSvcGrpc.getJoinMethod());
        assertServed("server", MgmtSvcGrpc.getPingRanksMethod());
        assertDenied("server", method("mgmt.MgmtSvc/PoolCreate"));
    }

    /** The table itself drives this: each method is served to its component and denied to the others. */
    @Test
    public void everyMethodOfTheTableIsServedToItsComponentOnly() {
        int adminMethods = 0;
        Set<String> called = new java.util.HashSet<>();
        for (ServiceDescriptor s : List.of(MgmtSvcGrpc.getServiceDescriptor(), MgmtCtlGrpc.getServiceDescriptor())) {
            for (MethodDescriptor<?, ?> m : s.getMethods()) {
                String allowed = MethodAuthorization.TABLE.get(m.getFullMethodName());
                if (allowed == null) {
                    for (String c : List.of("admin", "agent", "server")) {
                        assertDenied(c, m);
                    }
                    continue;
                }
                called.add(m.getFullMethodName());
                adminMethods += allowed.equals("admin") ? 1 : 0;
                assertServed(allowed, m);
                for (String other : List.of("admin", "agent", "server")) {
                    if (!other.equals(allowed)) {
                        assertDenied(other, m);
                    }
                }
            }
        }
        assertEquals("admin methods of §5.4", 24, adminMethods);
        for (String m : MethodAuthorization.TABLE.keySet()) {
            assertTrue(m, called.contains(m) || !(m.startsWith("ctl.") || m.startsWith("mgmt.")));
        }
    }

    @Test
    public void aHotAddedServiceWithoutDeclarationIsDeniedToEveryone() {
        for (String c : List.of("admin", "agent", "server")) {
            assertDenied(c, HOT_CALL);
        }
    }

    @Test
    public void aHotAddedServiceDeclaredForTheAdminIsServedToTheAdminOnly() {
        assertTrue(DECLARED.add(1, "admin", List.of(HOT), "hot"));
        assertServed("admin", HOT_CALL);
        assertServed("admin", HOT_OTHER);
        assertDenied("agent", HOT_CALL);
        assertDenied("server", HOT_CALL);
        DECLARED.remove(1);
        assertDenied("admin", HOT_CALL);
    }

    @Test
    public void aMethodDeclarationCoversThatMethodOnly() {
        assertTrue(DECLARED.add(1, new String[] {"Call=agent"}, List.of(HOT), "hot"));
        assertServed("agent", HOT_CALL);
        assertDenied("agent", HOT_OTHER);
        assertDenied("admin", HOT_CALL);
    }

    @Test
    public void aDeclarationCoversOnlyTheServicesItsModuleBinds() {
        assertTrue(DECLARED.add(1, "*", List.of("test.Elsewhere"), "elsewhere"));
        assertDenied("admin", HOT_CALL);
    }

    @Test
    public void aDeclarationClaimingTheBuiltInServicesIsIgnored() {
        assertFalse(DECLARED.add(2, "*", List.of("ctl.MgmtCtl", "mgmt.MgmtSvc"), "rogue"));
        assertFalse(DECLARED.add(3, new String[] {"SystemQuery=agent", "Join=admin"}, List.of("ctl.MgmtCtl"),
                "rogue"));
        assertDenied("agent", MgmtCtlGrpc.getSystemQueryMethod());
        assertDenied("agent", method("mgmt.MgmtSvc/PoolCreate"));
        assertDenied("admin", MgmtSvcGrpc.getJoinMethod());
        assertServed("admin", MgmtCtlGrpc.getSystemQueryMethod());
    }

    /** A client the handshake refuses: its call fails, and no service sees it. */
    private static void assertRefused(TestPki.Issued client) throws Exception {
        ManagedChannel channel = channel(client);
        synchronized (OTHER_CHANNELS) {
            OTHER_CHANNELS.add(channel);
        }
        MethodDescriptor<?, ?> query = MgmtCtlGrpc.getSystemQueryMethod();
        int before = SERVED.get(query.getFullMethodName()).get();
        Status status = call(channel, query);
        assertNotEquals(Status.Code.OK, status.getCode());
        assertNotEquals("refused by TLS, not by the interceptor", Status.Code.PERMISSION_DENIED, status.getCode());
        assertTrue(status.toString(), Set.of(Status.Code.UNAVAILABLE, Status.Code.UNAUTHENTICATED,
                Status.Code.INTERNAL, Status.Code.UNKNOWN).contains(status.getCode()));
        assertEquals(before, SERVED.get(query.getFullMethodName()).get());
    }

    @Test
    public void aClientWithoutCertificateIsRefused() throws Exception {
        assertRefused(null);
    }

    @Test
    public void aClientOfAForeignCaIsRefused() throws Exception {
        assertRefused(TestPki.create().role("admin"));
    }

    @Test
    public void anExpiredClientCertificateIsRefused() throws Exception {
        Instant now = Instant.now();
        assertRefused(pki.issue("admin", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))));
    }

    @Test
    public void aNotYetValidClientCertificateIsRefused() throws Exception {
        Instant now = Instant.now();
        assertRefused(pki.issue("admin", now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))));
    }
}
