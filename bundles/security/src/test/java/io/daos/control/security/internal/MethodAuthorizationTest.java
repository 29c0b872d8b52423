package io.daos.control.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.lang.reflect.Proxy;
import java.security.cert.Certificate;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.junit.BeforeClass;
import org.junit.Test;

import io.grpc.Status;

/** The reference's per-method table and messages, over TLS sessions with real certificates. */
public class MethodAuthorizationTest {

    private static TestPki pki;

    @BeforeClass
    public static void makePki() throws Exception {
        pki = TestPki.create();
    }

    /** A session whose peer presented {@code chain} (none: unverified). */
    private static SSLSession session(Certificate... chain) {
        return (SSLSession) Proxy.newProxyInstance(MethodAuthorizationTest.class.getClassLoader(),
                new Class<?>[] {SSLSession.class}, (p, m, a) -> {
                    if (m.getName().equals("getPeerCertificates")) {
                        if (chain.length == 0) {
                            throw new SSLPeerUnverifiedException("peer not authenticated");
                        }
                        return chain;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    private static Status as(String cn, String method) throws Exception {
        return new MethodAuthorization().check(method, session(pki.role(cn).certificate()));
    }

    @Test
    public void eachMethodIsAllowedToItsComponentOnly() throws Exception {
        assertNull(as("admin", "mgmt.MgmtSvc/PoolCreate"));
        assertNull(as("server", "mgmt.MgmtSvc/Join"));
        assertNull(as("agent", "mgmt.MgmtSvc/GetAttachInfo"));
        assertNull(as("admin", "ctl.MgmtCtl/StorageFormat"));
        assertNull(as("server", "mgmt.MgmtSvc/PingRanks"));
        Status s = as("agent", "mgmt.MgmtSvc/PoolCreate");
        assertEquals(Status.Code.PERMISSION_DENIED, s.getCode());
        assertEquals("agent does not have permission to call /mgmt.MgmtSvc/PoolCreate", s.getDescription());
        assertEquals("admin does not have permission to call /mgmt.MgmtSvc/Join",
                as("admin", "mgmt.MgmtSvc/Join").getDescription());
        assertEquals("server does not have permission to call /mgmt.MgmtSvc/PoolCreate",
                as("server", "mgmt.MgmtSvc/PoolCreate").getDescription());
    }

    @Test
    public void everyAdminMethodOfTheTableIsServedToTheAdmin() throws Exception {
        for (var e : MethodAuthorization.TABLE.entrySet()) {
            String c = e.getValue().equals(MethodAuthorization.ANY) ? "agent" : e.getValue();
            assertNull(e.getKey(), as(c, e.getKey()));
        }
    }

    @Test
    public void aMethodNotInTheTableIsDeniedToEveryone() throws Exception {
        for (String cn : new String[] {"admin", "agent", "server"}) {
            assertEquals(cn + " does not have permission to call /daos.control.example.echo.Echo/Echo",
                    as(cn, "daos.control.example.echo.Echo/Echo").getDescription());
        }
    }

    @Test
    public void anotherCommonNameIsUndefinedAndDeniedEverything() throws Exception {
        assertEquals("undefined does not have permission to call /mgmt.MgmtSvc/PoolCreate",
                as("intruder", "mgmt.MgmtSvc/PoolCreate").getDescription());
        assertEquals(Status.Code.PERMISSION_DENIED, as("intruder", "grpc.health.v1.Health/Check").getCode());
        assertNull("health is open to every verified component", as("agent", "grpc.health.v1.Health/Check"));
    }

    @Test
    public void withoutTlsOrAVerifiedCertificateTheCallIsUnauthenticated() {
        Status none = new MethodAuthorization().check("mgmt.MgmtSvc/PoolCreate", null);
        assertEquals(Status.Code.UNAUTHENTICATED, none.getCode());
        assertEquals("unable to obtain TLS info where it should be available", none.getDescription());
        Status unverified = new MethodAuthorization().check("mgmt.MgmtSvc/PoolCreate", session());
        assertEquals(Status.Code.UNAUTHENTICATED, unverified.getCode());
        assertEquals("unable to verify client certificates", unverified.getDescription());
    }
}
