package io.daos.control.drpc.internal;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.Test;
import org.osgi.framework.BundleContext;

import io.daos.control.drpc.DrpcServer;

/** The dRPC connection bounds read from framework properties (issue 10 point 5: a configurable cap). */
public class DrpcServerComponentBoundTest {

    private static BundleContext context(Map<String, String> props) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (p, m, a) -> {
                    if (m.getName().equals("getProperty")) {
                        return props.get((String) a[0]);
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    public void absentPropertyGivesTheDefault() {
        assertEquals(DrpcServer.DEFAULT_MAX_CONNECTIONS, DrpcServerComponent.bound(context(Map.of()),
                DrpcServer.MAX_CONNECTIONS_PROPERTY, DrpcServer.DEFAULT_MAX_CONNECTIONS));
    }

    @Test
    public void propertySetsTheBound() {
        assertEquals(200, DrpcServerComponent.bound(context(Map.of(DrpcServer.MAX_CONNECTIONS_PROPERTY, " 200 ")),
                DrpcServer.MAX_CONNECTIONS_PROPERTY, DrpcServer.DEFAULT_MAX_CONNECTIONS));
        assertEquals(3, DrpcServerComponent.bound(context(Map.of(DrpcServer.MAX_PER_USER_PROPERTY, "3")),
                DrpcServer.MAX_PER_USER_PROPERTY, DrpcServer.DEFAULT_MAX_PER_USER));
    }

    @Test
    public void invalidValuesFallBackToTheDefault() {
        for (String bad : new String[] {"0", "-5", "many", "99999999999"}) {
            assertEquals(bad, DrpcServer.DEFAULT_MAX_CONNECTIONS, DrpcServerComponent.bound(
                    context(Map.of(DrpcServer.MAX_CONNECTIONS_PROPERTY, bad)), DrpcServer.MAX_CONNECTIONS_PROPERTY,
                    DrpcServer.DEFAULT_MAX_CONNECTIONS));
        }
    }
}
