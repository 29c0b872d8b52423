package io.daos.control.drpc.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcModule;
import io.daos.control.api.drpc.DrpcStatus;

/**
 * The whiteboard's DrpcModule services keyed by module id. On a duplicate id the higher
 * {@code service.ranking} wins (then the lower service id) and a WARN names both. Lookups read
 * an immutable snapshot, rebuilt on every change. Module 2 (mgmt) is always present: unless a
 * service provides it, a built-in module answers every method UNKNOWN_METHOD (WIRE.md §4.6).
 */
final class ModuleTable {

    private static final Logger LOG = Logger.getLogger(ModuleTable.class.getName());

    /** The control server's module 2: registered, no methods. */
    static final DrpcModule MGMT_NO_METHODS = new DrpcModule() {
        @Override
        public int moduleId() {
            return DrpcIds.MODULE_MGMT;
        }

        @Override
        public byte[] handle(int method, byte[] body) throws DrpcException {
            throw new DrpcException(DrpcStatus.UNKNOWN_METHOD,
                    "the control server implements no mgmt dRPC method (" + method + ")");
        }

        @Override
        public String toString() {
            return "built-in mgmt module (every method UNKNOWN_METHOD)";
        }
    };

    private record Entry(long serviceId, int ranking, int moduleId, DrpcModule module, String owner) {
        boolean beats(Entry o) {
            return ranking != o.ranking ? ranking > o.ranking : serviceId < o.serviceId;
        }
    }

    private final Map<Long, Entry> services = new HashMap<>();
    private volatile Map<Integer, DrpcModule> snapshot = Map.of(DrpcIds.MODULE_MGMT, MGMT_NO_METHODS);

    /** The module for an id, or null. */
    DrpcModule get(Integer moduleId) {
        return snapshot.get(moduleId);
    }

    synchronized void put(long serviceId, int ranking, DrpcModule module, String owner) {
        int id;
        try {
            id = module.moduleId();
        } catch (RuntimeException e) {
            LOG.warning("dRPC module service " + serviceId + " from " + owner + ": moduleId() failed (" + e
                    + "); not dispatched to");
            return;
        }
        Entry e = new Entry(serviceId, ranking, id, module, owner);
        services.put(serviceId, e);
        for (Entry o : services.values()) {
            if (o != e && o.moduleId == id) {
                Entry win = e.beats(o) ? e : o;
                Entry lose = win == e ? o : e;
                LOG.warning("duplicate dRPC module id " + id + ": service " + e.serviceId + " (" + e.owner
                        + ", ranking " + e.ranking + ") and service " + o.serviceId + " (" + o.owner + ", ranking "
                        + o.ranking + "); service " + win.serviceId + " wins, service " + lose.serviceId
                        + " is not dispatched to");
            }
        }
        rebuild();
    }

    synchronized void remove(long serviceId) {
        if (services.remove(serviceId) != null) {
            rebuild();
        }
    }

    private void rebuild() {
        Map<Integer, Entry> best = new HashMap<>();
        for (Entry e : services.values()) {
            Entry cur = best.get(e.moduleId);
            if (cur == null || e.beats(cur)) {
                best.put(e.moduleId, e);
            }
        }
        Map<Integer, DrpcModule> m = new HashMap<>();
        m.put(DrpcIds.MODULE_MGMT, MGMT_NO_METHODS);
        best.forEach((id, e) -> m.put(id, e.module));
        snapshot = Map.copyOf(m);
    }
}
