package io.daos.control.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import io.daos.control.api.GrpcReady;
import io.daos.control.api.StartupChecksPassed;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.example.echo.proto.EchoGrpc;
import io.daos.control.example.echo.proto.EchoReq;
import io.daos.control.example.echo.proto.EchoResp;
import io.daos.control.itest.support.GrpcTestClient;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.ProviderListReply;
import io.daos.control.proto.ctl.ProviderListRequest;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.ctl.SystemQueryResp;
import io.grpc.BindableService;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * The rpc-server bundle in Felix with SCR: the example modules hot-added and withdrawn over one
 * real TCP channel, partial definitions of one service composed and withdrawn method by method,
 * health, reflection, whiteboard interceptors, method conflicts, and a bounded stop of the server
 * bundle. There is no control bundle here: the probe registers the StartupChecksPassed marker the
 * server waits for before it listens.
 *
 * <p>Bundle start/stop in Felix SCR activates and deactivates immediate components
 * synchronously, and the rpc-server's dynamic references bind and unbind synchronously in the
 * service event, so once {@code start()}/{@code stop()} (or a probe's register/unregister)
 * returns, the server reflects it; health changes are additionally awaited on a Watch stream.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RpcServerWhiteboardIT {

    private static final String ECHO = GrpcTestClient.ECHO;
    private static final String REVERSE = GrpcTestClient.REVERSE;
    private static final String RPC_SERVER_BSN = "io.daos.control.rpc.server";

    @Inject
    private BundleContext context;

    private GrpcTestClient client;
    private final List<Bundle> installed = new ArrayList<>();
    private final List<ServiceRegistration<?>> registered = new ArrayList<>();

    @Configuration
    public Option[] config() throws IOException {
        return Provisioning.serverOptions(getClass(), List.of());
    }

    private int configuredPort() {
        return Integer.parseInt(context.getProperty(Provisioning.PORT_PROPERTY));
    }

    @Before
    public void setUp() throws Exception {
        ServiceReference<?>[] failures = context.getServiceReferences((String) null, "(daos.startup.failure=*)");
        assertNull("start-up failure: " + (failures == null ? "" : failures[0].getProperty("daos.startup.failure")),
                failures);
        ServiceReference<ServerConfig> config = context.getServiceReference(ServerConfig.class);
        assertNotNull("ServerConfig published", config);
        assertEquals("io.daos.control.config", config.getBundle().getSymbolicName());
        registered.add(context.registerService(StartupChecksPassed.class, new StartupChecksPassed() {
        }, null));
        int port = awaitReadyPort();
        assertEquals("the server listens on the configured port", configuredPort(), port);
        client = new GrpcTestClient(port);
    }

    @After
    public void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        for (Bundle b : installed) {
            if (b.getState() != Bundle.UNINSTALLED) {
                b.uninstall();
            }
        }
        for (ServiceRegistration<?> r : registered) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered by the test
            }
        }
    }

    /** Registers a gRPC module from the probe, withdrawn at the end of the test. */
    private ServiceRegistration<BindableService> module(ServerServiceDefinition definition, int ranking) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, ranking);
        BindableService module = () -> definition;
        ServiceRegistration<BindableService> reg = context.registerService(BindableService.class, module, props);
        registered.add(reg);
        return reg;
    }

    /** Waits for the GrpcReady marker and returns its port. */
    private int awaitReadyPort() throws Exception {
        ServiceReference<?> ready = Provisioning.awaitService(context, GrpcReady.FILTER);
        String port = (String) ready.getProperty(GrpcReady.PORT);
        assertEquals("0.0.0.0:" + port, ready.getProperty(GrpcReady.ADDRESS));
        return Integer.parseInt(port);
    }

    private Bundle installAndStart(File jar) throws Exception {
        Bundle b = context.installBundle(jar.toURI().toString());
        installed.add(b);
        b.start();
        assertEquals(Bundle.ACTIVE, b.getState());
        return b;
    }

    private Bundle bundleNamed(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    @Test
    public void hotAddedExampleModulesAreServedUntilTheirBundleStops() throws Exception {
        GrpcTestClient.Watch watch = client.watch(ECHO);
        ServingStatus initial = watch.next();
        assertTrue("echo service absent at first: " + initial,
                initial == ServingStatus.SERVICE_UNKNOWN || initial == ServingStatus.NOT_SERVING);
        assertEquals(Status.Code.UNIMPLEMENTED, GrpcTestClient.codeOf(() -> client.echo("x")));
        assertFalse(client.listServices().contains(ECHO));

        // hot-add the echo module: Echo served, the service healthy and listed
        Bundle echo = installAndStart(Provisioning.echoBundle());
        assertEquals(ServingStatus.SERVING, watch.next());
        EchoResp resp = client.echo("hello");
        assertEquals("hello", resp.getText());
        assertEquals(Provisioning.ECHO_BSN, resp.getServedBy());
        assertEquals(Status.Code.UNIMPLEMENTED, GrpcTestClient.codeOf(() -> client.reverse("abc")));
        assertTrue(client.listServices().contains(ECHO));

        // the reverse module brings its own service, beside it
        Bundle reverse = installAndStart(Provisioning.reverseBundle());
        assertEquals("cba", client.reverse("abc").getText());
        assertEquals(Provisioning.REVERSE_BSN, client.reverse("abc").getServedBy());
        assertEquals(Provisioning.ECHO_BSN, client.echo("both").getServedBy());
        assertTrue(client.listServices().containsAll(List.of(ECHO, REVERSE)));

        // stop echo: Echo UNIMPLEMENTED on the same channel and NOT_SERVING, Reverse unaffected
        echo.stop();
        assertEquals(Status.Code.UNIMPLEMENTED, GrpcTestClient.codeOf(() -> client.echo("x")));
        assertEquals(ServingStatus.NOT_SERVING, watch.next());
        assertEquals("fed", client.reverse("def").getText());
        assertEquals(ServingStatus.SERVING, client.check(REVERSE));

        // start echo again: served again, same channel, same port
        echo.start();
        assertEquals(ServingStatus.SERVING, watch.next());
        assertEquals("again", client.echo("again").getText());
        assertEquals(configuredPort(), awaitReadyPort());

        // both gone: NOT_SERVING on Check, no longer listed
        reverse.stop();
        echo.stop();
        assertEquals(ServingStatus.NOT_SERVING, watch.next());
        assertEquals(Status.Code.UNIMPLEMENTED, GrpcTestClient.codeOf(() -> client.reverse("hi")));
        assertEquals(ServingStatus.NOT_SERVING, client.check(ECHO));
        assertEquals(ServingStatus.NOT_SERVING, client.check(REVERSE));
        assertEquals(ServingStatus.SERVING, client.check(""));
        Set<String> listed = client.listServices();
        assertFalse(listed.contains(ECHO));
        assertFalse(listed.contains(REVERSE));
        assertTrue(listed.contains("grpc.health.v1.Health"));
        assertTrue(listed.contains("grpc.reflection.v1.ServerReflection"));
    }

    /**
     * Two gRPC modules each holding one method of {@code ctl.MgmtCtl} (as the control and fanout
     * bundles do): one service, each method withdrawn with its module only.
     */
    @Test
    public void partialDefinitionsComposeOneServiceAndAreWithdrawnMethodByMethod() throws Exception {
        String ctl = MgmtCtlGrpc.SERVICE_NAME;
        MgmtCtlGrpc.MgmtCtlBlockingStub stub = MgmtCtlGrpc.newBlockingStub(client.channel())
                .withDeadlineAfter(GrpcTestClient.TIMEOUT_S, TimeUnit.SECONDS);
        GrpcTestClient.Watch watch = client.watch(ctl);
        assertTrue(watch.next() != ServingStatus.SERVING);

        ServiceRegistration<BindableService> providers = module(ServerServiceDefinition.builder(ctl)
                .addMethod(MgmtCtlGrpc.getNetworkListProvidersMethod(), ServerCalls.asyncUnaryCall(
                        (ProviderListRequest req, StreamObserver<ProviderListReply> out) -> {
                            out.onNext(ProviderListReply.newBuilder().setProvider("ofi+itest").build());
                            out.onCompleted();
                        }))
                .build(), 0);
        assertEquals(ServingStatus.SERVING, watch.next());
        module(ServerServiceDefinition.builder(ctl)
                .addMethod(MgmtCtlGrpc.getSystemQueryMethod(), ServerCalls.asyncUnaryCall(
                        (SystemQueryReq req, StreamObserver<SystemQueryResp> out) -> {
                            out.onNext(SystemQueryResp.newBuilder()
                                    .addMembers(SystemMember.newBuilder().setAddr("itest:1")).build());
                            out.onCompleted();
                        }))
                .build(), 0);

        assertEquals("ofi+itest", stub.networkListProviders(ProviderListRequest.getDefaultInstance()).getProvider());
        assertEquals("itest:1", stub.systemQuery(SystemQueryReq.getDefaultInstance()).getMembers(0).getAddr());
        assertEquals(List.of(ctl), client.listServices().stream().filter(n -> n.startsWith("ctl.")).toList());

        providers.unregister();
        assertEquals(Status.Code.UNIMPLEMENTED, GrpcTestClient.codeOf(
                () -> stub.networkListProviders(ProviderListRequest.getDefaultInstance())));
        assertEquals("the other method stays", "itest:1",
                stub.systemQuery(SystemQueryReq.getDefaultInstance()).getMembers(0).getAddr());
        assertEquals(ServingStatus.SERVING, client.check(ctl));
    }

    @Test
    public void aRegisteredInterceptorSeesCallsUntilUnregistered() throws Exception {
        installAndStart(Provisioning.echoBundle());
        List<String> methods = new CopyOnWriteArrayList<>();
        List<SocketAddress> peers = new CopyOnWriteArrayList<>();
        ServerInterceptor recorder = new ServerInterceptor() {
            @Override
            public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
                    Metadata headers, ServerCallHandler<ReqT, RespT> next) {
                methods.add(call.getMethodDescriptor().getFullMethodName());
                peers.add(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
                return next.startCall(call, headers);
            }
        };
        ServiceRegistration<ServerInterceptor> reg =
                context.registerService(ServerInterceptor.class, recorder, new Hashtable<String, Object>());
        try {
            client.echo("one");
            client.echo("two");
            assertEquals(List.of(EchoGrpc.getEchoMethod().getFullMethodName(),
                    EchoGrpc.getEchoMethod().getFullMethodName()), methods);
            assertEquals("both calls on one connection", peers.get(0), peers.get(1));
        } finally {
            reg.unregister();
        }
        client.echo("three");
        assertEquals("no calls seen after unregistering", 2, methods.size());
    }

    @Test
    public void aHigherRankedRegistrationTakesOverAMethodAndGivesItBack() throws Exception {
        installAndStart(Provisioning.echoBundle());
        assertEquals(Provisioning.ECHO_BSN, client.echo("x").getServedBy());

        ServerServiceDefinition override = ServerServiceDefinition.builder(ECHO)
                .addMethod(EchoGrpc.getEchoMethod(), ServerCalls.asyncUnaryCall(
                        (EchoReq req, StreamObserver<EchoResp> out) -> {
                            out.onNext(EchoResp.newBuilder().setText(req.getText())
                                    .setServedBy("itest.override").build());
                            out.onCompleted();
                        }))
                .build();
        ServiceRegistration<BindableService> reg = module(override, 100);
        assertEquals("itest.override", client.echo("x").getServedBy());
        reg.unregister();
        assertEquals(Provisioning.ECHO_BSN, client.echo("x").getServedBy());

        // a lower-ranked claimant never wins while echo is there
        reg = module(override, -5);
        assertEquals(Provisioning.ECHO_BSN, client.echo("x").getServedBy());
        reg.unregister();
    }

    @Test
    public void stoppingTheServerBundleIsBoundedAndLeavesNothingBehind() throws Exception {
        int port = configuredPort();
        installAndStart(Provisioning.echoBundle());
        client.echo("x");
        client.watch(ECHO).next(); // an open stream the stop must not wait for forever

        Bundle server = bundleNamed(RPC_SERVER_BSN);
        long t0 = System.nanoTime();
        server.stop();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue("rpc-server stop took " + millis + " ms", millis < 15_000);
        assertNull("ready marker withdrawn", findReadyMarker());
        assertEquals(List.of(), threads("daos-grpc-"));
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
        }

        server.start();
        assertEquals("same port after restart", port, awaitReadyPort());
        client.close();
        client = new GrpcTestClient(port);
        assertEquals(Provisioning.ECHO_BSN, client.echo("back").getServedBy());
    }

    private Object findReadyMarker() throws Exception {
        var refs = context.getServiceReferences((String) null, GrpcReady.FILTER);
        return refs == null || refs.length == 0 ? null : refs[0];
    }

    private static List<String> threads(String prefix) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(prefix)) {
                names.add(t.getName());
            }
        }
        return names;
    }
}
