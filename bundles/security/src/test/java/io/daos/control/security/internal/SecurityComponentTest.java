package io.daos.control.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.config.TransportConfig;
import io.daos.control.api.drpc.Der;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcModule;
import io.daos.control.api.security.MethodAccess;
import io.daos.control.api.security.TransportSecurity;
import io.daos.control.proto.auth.Credential;
import io.daos.control.proto.auth.ValidateCredReq;
import io.daos.control.proto.auth.ValidateCredResp;
import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;

/**
 * {@link SecurityComponent} activated with a configuration against a recording bundle context:
 * what it registers in each mode (the security dRPC module in both, with the right validator),
 * that it withdraws it all, and the declarations it takes from gRPC module registrations.
 */
public class SecurityComponentTest {

    private static TestPki pki;
    private static TestPki.Issued agent;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** One registration made through the context, and whether it was withdrawn. */
    private static final class Registered {
        final Object clazz;
        final Object service;
        final java.util.Dictionary<?, ?> props;
        boolean unregistered;

        Registered(Object clazz, Object service, Object props) {
            this.clazz = clazz;
            this.service = service;
            this.props = (java.util.Dictionary<?, ?>) props;
        }
    }

    private final List<Registered> registered = new ArrayList<>();

    @BeforeClass
    public static void makePki() throws Exception {
        pki = TestPki.create();
        agent = pki.role("agent");
    }

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (p, m, a) -> {
                    if (!m.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    Registered r = new Registered(a[0], a[1], a[2]);
                    registered.add(r);
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                            (rp, rm, ra) -> {
                                if (rm.getName().equals("unregister")) {
                                    r.unregistered = true;
                                    return null;
                                }
                                throw new UnsupportedOperationException(rm.getName());
                            });
                });
    }

    private static ServerConfig config(TransportConfig transport) {
        return (ServerConfig) Proxy.newProxyInstance(SecurityComponentTest.class.getClassLoader(),
                new Class<?>[] {ServerConfig.class}, (p, m, a) -> {
                    if (m.getName().equals("transportConfig")) {
                        return transport;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    private SecurityComponent activate(TransportConfig transport) {
        SecurityComponent component = new SecurityComponent();
        component.config = config(transport);
        component.activate(context());
        return component;
    }

    private <T> T only(Class<T> type) {
        List<Object> found = new ArrayList<>();
        for (Registered r : registered) {
            if (r.clazz == type && !r.unregistered) {
                found.add(r.service);
            }
        }
        assertEquals(type.getSimpleName(), 1, found.size());
        return type.cast(found.get(0));
    }

    private boolean has(Class<?> type) {
        return registered.stream().anyMatch(r -> r.clazz == type && !r.unregistered);
    }

    /** A secure configuration: the server's material, and {@code clients/agent.crt}. */
    private TransportConfig secure() throws Exception {
        Path base = tmp.getRoot().toPath();
        TestPki.Issued server = pki.role("server");
        TestPki.writeCerts(base.resolve("ca.crt"), "rw-rw-r--", pki.ca().certificate());
        TestPki.writeCerts(base.resolve("server.crt"), "rw-rw-r--", server.certificate());
        TestPki.writePkcs1(base.resolve("server.key"), "r--------", server.privateKey());
        Path clients = Files.createDirectory(base.resolve("clients"));
        TestPki.writeCerts(clients.resolve("agent.crt"), "rw-rw-r--", agent.certificate());
        return new TransportConfig(false, clients.toString(), base.resolve("ca.crt").toString(),
                base.resolve("server.crt").toString(), base.resolve("server.key").toString(), "server");
    }

    private static ValidateCredResp validate(DrpcModule module, Credential cred) throws Exception {
        assertEquals(DrpcIds.MODULE_SEC, module.moduleId());
        return ValidateCredResp.parseFrom(module.handle(DrpcIds.SEC_VALIDATE_CREDS,
                ValidateCredReq.newBuilder().setCred(cred).build().toByteArray()));
    }

    /**
     * A JDK that disables {@code TLS_RSA_*} (releases after 17.0.15) gets exactly the v1.0 tools'
     * two suites allowed again, the other RSA suites still disabled; a JDK that does not (this one)
     * keeps its property untouched.
     */
    @Test
    public void aJdkThatDisablesTheGoToolsSuitesGetsExactlyThoseTwoBack() {
        String original = java.security.Security.getProperty(SecurityComponent.DISABLED_ALGORITHMS);
        try {
            java.security.Security.setProperty(SecurityComponent.DISABLED_ALGORITHMS, "SSLv3, TLS_RSA_*, RC4");
            SecurityComponent.allowInteropSuites();
            String now = java.security.Security.getProperty(SecurityComponent.DISABLED_ALGORITHMS);
            assertFalse(now, now.contains("TLS_RSA_*"));
            for (String suite : TlsMaterial.INTEROP_CIPHER_SUITES) {
                assertFalse(now, now.contains(suite));
            }
            assertTrue(now, now.contains("TLS_RSA_WITH_AES_128_CBC_SHA") && now.startsWith("SSLv3") && now.endsWith("RC4"));
            java.security.Security.setProperty(SecurityComponent.DISABLED_ALGORITHMS, "SSLv3, RC4");
            SecurityComponent.allowInteropSuites();
            assertEquals("SSLv3, RC4", java.security.Security.getProperty(SecurityComponent.DISABLED_ALGORITHMS));
        } finally {
            java.security.Security.setProperty(SecurityComponent.DISABLED_ALGORITHMS, original);
        }
    }

    @Test
    public void insecureRegistersTheDigestCheckingDrpcModuleAndNoAuthorization() throws Exception {
        SecurityComponent component = activate(new TransportConfig(true, "", "", "", "", "server"));
        assertTrue(only(TransportSecurity.class).insecure());
        assertFalse(has(ServerInterceptor.class));
        DrpcModule module = only(DrpcModule.class);
        Credential digested = CredTestKeys.digested(CredTestKeys.token("alice"));
        assertEquals(Der.SUCCESS, validate(module, digested).getStatus());
        assertEquals(Der.NO_PERM, validate(module, CredTestKeys.signed(CredTestKeys.token("alice"), agent.keys(),
                "agent")).getStatus());
        component.deactivate();
        assertTrue(registered.stream().allMatch(r -> r.unregistered));
        assertEquals(2, registered.size());
    }

    @Test
    public void secureRegistersAuthorizationAndTheSignatureCheckingDrpcModule() throws Exception {
        SecurityComponent component = activate(secure());
        assertFalse(only(TransportSecurity.class).insecure());
        assertNotNull(only(ServerInterceptor.class));
        DrpcModule module = only(DrpcModule.class);

        Credential signed = CredTestKeys.signed(CredTestKeys.token("alice"), agent.keys(), "agent");
        ValidateCredResp ok = validate(module, signed);
        assertEquals(Der.SUCCESS, ok.getStatus());
        assertEquals(signed.getToken(), ok.getToken());
        assertEquals("tampered token", Der.NO_PERM, validate(module,
                signed.toBuilder().setToken(CredTestKeys.token("root")).build()).getStatus());
        assertEquals("wrong key", Der.NO_PERM, validate(module,
                CredTestKeys.signed(CredTestKeys.token("alice"), pki.role("agent").keys(), "agent")).getStatus());
        assertEquals("a digest is no signature", Der.NO_PERM,
                validate(module, CredTestKeys.digested(CredTestKeys.token("alice"))).getStatus());
        assertEquals("unknown origin", Der.BADPATH, validate(module,
                CredTestKeys.signed(CredTestKeys.token("alice"), agent.keys(), "stranger")).getStatus());

        component.deactivate();
        assertTrue(registered.stream().allMatch(r -> r.unregistered));
        assertEquals(3, registered.size());
    }

    @Test
    public void anOriginCertificateFailingTheFileRulesIsBadPath() throws Exception {
        TransportConfig transport = secure();
        Path agentCrt = Path.of(transport.clientCertDir(), "agent.crt");
        DrpcModule module = activate(transport) == null ? null : only(DrpcModule.class);
        Credential signed = CredTestKeys.signed(CredTestKeys.token("alice"), agent.keys(), "agent");
        Files.setPosixFilePermissions(agentCrt, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        assertEquals("mode 0666", Der.BADPATH, validate(module, signed).getStatus());
        TestPki.writeCerts(agentCrt, "rw-rw-r--", agent.certificate(), pki.ca().certificate());
        assertEquals("two certificates", Der.BADPATH, validate(module, signed).getStatus());
        TestPki.writeCerts(agentCrt, "rw-rw-r--", agent.certificate());
        assertEquals(Der.SUCCESS, validate(module, signed).getStatus());
    }

    @Test
    public void noClientCertDirMakesEveryOriginBadPath() throws Exception {
        TransportConfig transport = secure();
        activate(new TransportConfig(false, "", transport.caCert(), transport.cert(), transport.key(), "server"));
        assertEquals(Der.BADPATH, validate(only(DrpcModule.class),
                CredTestKeys.signed(CredTestKeys.token("alice"), agent.keys(), "agent")).getStatus());
    }

    @Test
    public void aConfigurationThatDoesNotLoadRegistersOnlyTheFailure() throws Exception {
        TransportConfig transport = secure();
        Files.delete(Path.of(transport.key()));
        activate(transport);
        assertFalse(has(DrpcModule.class));
        assertFalse(has(TransportSecurity.class));
        assertEquals(1, registered.size());
        java.util.Dictionary<?, ?> failure = registered.get(0).props;
        assertEquals("security", failure.get(io.daos.control.api.StartupFailure.DOMAIN));
        assertEquals("the reference's SecurityUnknown", "952", failure.get(io.daos.control.api.StartupFailure.CODE));
        assertEquals("could not load key: stat " + transport.key() + ": no such file or directory",
                failure.get(io.daos.control.api.StartupFailure.MESSAGE));
        assertNotNull(failure.get(io.daos.control.api.StartupFailure.RESOLUTION));
    }

    private static BindableService module(String service, int[] binds) {
        return () -> {
            binds[0]++;
            return ServerServiceDefinition.builder(service).build();
        };
    }

    private static Map<String, Object> props(long id, Object declared) {
        Map<String, Object> props = new HashMap<>();
        props.put(Constants.SERVICE_ID, id);
        props.put("component.name", "test.Module" + id);
        if (declared != null) {
            props.put(MethodAccess.PROPERTY, declared);
        }
        return props;
    }

    @Test
    public void moduleRegistrationsDeclareForTheServiceTheyBindUntilTheyGo() {
        SecurityComponent component = new SecurityComponent();
        int[] binds = {0};
        component.bindGrpcModule(module("test.Hot", binds), props(7L, "admin"));
        assertEquals("asked once", 1, binds[0]);
        assertTrue(component.declared.allows("test.Hot", "Call", "admin"));
        assertFalse(component.declared.allows("test.Hot", "Call", "agent"));
        assertFalse(component.declared.allows("test.Cold", "Call", "admin"));

        component.updatedGrpcModule(module("test.Hot", binds), props(7L, "agent"));
        assertTrue(component.declared.allows("test.Hot", "Call", "agent"));
        assertFalse(component.declared.allows("test.Hot", "Call", "admin"));

        component.unbindGrpcModule(module("test.Hot", binds), props(7L, "agent"));
        assertFalse(component.declared.allows("test.Hot", "Call", "agent"));
    }

    @Test
    public void aModuleWithoutDeclarationIsNotEvenAskedForItsServices() {
        SecurityComponent component = new SecurityComponent();
        int[] binds = {0};
        component.bindGrpcModule(module("test.Hot", binds), props(8L, null));
        assertEquals(0, binds[0]);
        assertFalse(component.declared.allows("test.Hot", "Call", "admin"));
    }

    @Test
    public void aBadDeclarationOrAFailingModuleIsIgnoredWithoutException() {
        SecurityComponent component = new SecurityComponent();
        int[] binds = {0};
        component.bindGrpcModule(module("test.Hot", binds), props(9L, "root"));
        assertFalse(component.declared.allows("test.Hot", "Call", "admin"));
        component.bindGrpcModule(() -> {
            throw new IllegalStateException("not ready");
        }, props(10L, "admin"));
        assertFalse(component.declared.allows("test.Hot", "Call", "admin"));
        component.bindGrpcModule(module("ctl.MgmtCtl", binds), props(11L, "*"));
        assertFalse(component.declared.allows("ctl.MgmtCtl", "SystemQuery", "agent"));
    }
}
