package io.daos.control.api;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.osgi.framework.ServiceRegistration;

public class RegistrationsTest {

    /** A registration whose unregister() counts its calls, then throws {@code thrown} if not null. */
    private static ServiceRegistration<?> registration(AtomicInteger calls, RuntimeException thrown) {
        return (ServiceRegistration<?>) Proxy.newProxyInstance(RegistrationsTest.class.getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                    if (!m.getName().equals("unregister")) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    calls.incrementAndGet();
                    if (thrown != null) {
                        throw thrown;
                    }
                    return null;
                });
    }

    @Test
    public void unregistersOnceAndToleratesNullAndARegistrationAlreadyGone() {
        AtomicInteger calls = new AtomicInteger();
        Registrations.unregister(registration(calls, null));
        assertEquals(1, calls.get());
        Registrations.unregister(registration(calls, new IllegalStateException("already unregistered")));
        assertEquals(2, calls.get());
        Registrations.unregister(null);
    }

    @Test(expected = UnsupportedOperationException.class)
    public void otherFailuresAreNotSwallowed() {
        Registrations.unregister(registration(new AtomicInteger(), new UnsupportedOperationException("x")));
    }
}
