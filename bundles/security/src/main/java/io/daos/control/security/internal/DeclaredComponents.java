package io.daos.control.security.internal;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import io.daos.control.api.security.MethodAccess;

/**
 * The components gRPC modules declared for their own methods ({@link MethodAccess}), by the
 * service registration that declared them; what {@link MethodAuthorization} consults for a method
 * its built-in table does not know. A declaration covers only the services its module binds, and
 * never a service of the built-in table. A declaration that does not parse is ignored with one
 * warning, so the module's methods stay denied; nothing here throws. Thread-safe: registrations
 * come and go while calls are checked.
 */
final class DeclaredComponents {

    private static final Logger LOG = Logger.getLogger(DeclaredComponents.class.getName());

    /** What one registration declared, for the services it binds. */
    private record Declaration(Set<String> services, MethodAccess access) {
    }

    private final Map<Long, Declaration> byRegistration = new ConcurrentHashMap<>();

    /**
     * Records what registration {@code id} declared.
     *
     * @param value    its {@value MethodAccess#PROPERTY} property (null: nothing declared)
     * @param services the names of the services it binds
     * @param who      the module, for the log
     * @return whether a declaration now applies to at least one service
     */
    boolean add(long id, Object value, Collection<String> services, String who) {
        byRegistration.remove(id);
        if (value == null) {
            return false;
        }
        MethodAccess access;
        try {
            access = MethodAccess.parse(value);
        } catch (IllegalArgumentException e) {
            LOG.warning("gRPC module " + who + ": " + e.getMessage()
                    + "; declaration ignored, its methods are denied over TLS");
            return false;
        }
        Set<String> covered = new LinkedHashSet<>();
        for (String service : services) {
            if (MethodAuthorization.isBuiltIn(service)) {
                LOG.warning("gRPC module " + who + " declares components for " + service
                        + ", a service of the built-in authorization table; the table decides, declaration ignored");
            } else {
                covered.add(service);
            }
        }
        if (covered.isEmpty() || access.isEmpty()) {
            return false;
        }
        byRegistration.put(id, new Declaration(Set.copyOf(covered), access));
        LOG.info("gRPC module " + who + ": " + covered + " allowed to " + access);
        return true;
    }

    /** Forgets what registration {@code id} declared. */
    void remove(long id) {
        byRegistration.remove(id);
    }

    /**
     * Whether a module that binds {@code service} declared {@code method} (bare name) open to
     * {@code component}.
     */
    boolean allows(String service, String method, String component) {
        for (Declaration d : byRegistration.values()) {
            if (d.services().contains(service) && d.access().allows(method, component)) {
                return true;
            }
        }
        return false;
    }
}
