package io.daos.control.api;

import org.osgi.framework.ServiceRegistration;

/** Withdrawing what a component registered by hand (a marker, a failure report). */
public final class Registrations {

    private Registrations() {
    }

    /**
     * Unregisters {@code registration}; null, and a registration the framework already removed
     * with its stopping bundle, are fine.
     */
    public static void unregister(ServiceRegistration<?> registration) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // removed by the framework with the stopping bundle
            }
        }
    }
}
