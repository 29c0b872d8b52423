package io.daos.control.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Everything the emulated data plane remembers across restarts: its own rank, the management
 * service database (system map, UUID to rank, map version, rank_next, pool directory, pool
 * properties and ACLs, containers) and the device states. Not thread-safe; {@link MgmtService}
 * serialises access. Persisted by {@link StateStore} as flat properties.
 */
public final class EngineState {
    /** Rank not set ("nil rank"). */
    public static final long NIL_RANK = 0xFFFFFFFFL;

    /** One system-map entry. */
    public static final class Member {
        public String uuid;
        public String uri;
        public String addr;
        public int nctxs;
        public boolean in = true;
    }

    /** One pool: directory record, per-target sizes and properties. */
    public static final class Pool {
        public List<Long> ranks = new ArrayList<>();
        public List<Long> svcReps = new ArrayList<>();
        public int targetsPerRank;
        public long scmPerTarget;
        public long nvmePerTarget;
        public String owner = "NOBODY@";
        public String ownerGroup = "NOBODY@";
        public List<String> acl = new ArrayList<>();
        public String label = "pool label not set";
        public long spaceRb;
        public long selfHeal = 3;   // auto-exclude | auto-rebuild
        public long reclaim = 1;    // LAZY
        public List<String> containers = new ArrayList<>();
    }

    /** Bumped on every save, so a reader can tell which write it sees. */
    public long generation;
    public long rank = NIL_RANK;
    public boolean msCreated;
    public String msUuid = "";
    public String msAddr = "";
    public long rankNext;
    public long mapVersion;
    public final TreeMap<Long, Member> members = new TreeMap<>();
    public final Map<String, Pool> pools = new LinkedHashMap<>();
    public final Map<String, Boolean> faultyDevices = new TreeMap<>();

    /** Rank of a member UUID, or -1. */
    public long rankOf(String uuid) {
        for (Map.Entry<Long, Member> e : members.entrySet()) {
            if (e.getValue().uuid.equals(uuid)) {
                return e.getKey();
            }
        }
        return -1;
    }

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("version", "1");
        p.setProperty("generation", Long.toString(generation));
        p.setProperty("rank", Long.toString(rank));
        p.setProperty("ms.created", Boolean.toString(msCreated));
        p.setProperty("ms.uuid", msUuid);
        p.setProperty("ms.addr", msAddr);
        p.setProperty("ms.rank_next", Long.toString(rankNext));
        p.setProperty("ms.map_version", Long.toString(mapVersion));
        p.setProperty("members", join(new ArrayList<>(members.keySet())));
        for (Map.Entry<Long, Member> e : members.entrySet()) {
            String k = "member." + e.getKey() + ".";
            Member m = e.getValue();
            p.setProperty(k + "uuid", m.uuid);
            p.setProperty(k + "uri", m.uri);
            p.setProperty(k + "addr", m.addr);
            p.setProperty(k + "nctxs", Integer.toString(m.nctxs));
            p.setProperty(k + "in", Boolean.toString(m.in));
        }
        p.setProperty("pools", String.join(",", pools.keySet()));
        for (Map.Entry<String, Pool> e : pools.entrySet()) {
            String k = "pool." + e.getKey() + ".";
            Pool o = e.getValue();
            p.setProperty(k + "ranks", join(o.ranks));
            p.setProperty(k + "svcreps", join(o.svcReps));
            p.setProperty(k + "targets", Integer.toString(o.targetsPerRank));
            p.setProperty(k + "scm", Long.toString(o.scmPerTarget));
            p.setProperty(k + "nvme", Long.toString(o.nvmePerTarget));
            p.setProperty(k + "owner", o.owner);
            p.setProperty(k + "group", o.ownerGroup);
            p.setProperty(k + "label", o.label);
            p.setProperty(k + "space_rb", Long.toString(o.spaceRb));
            p.setProperty(k + "self_heal", Long.toString(o.selfHeal));
            p.setProperty(k + "reclaim", Long.toString(o.reclaim));
            putList(p, k + "acl", o.acl);
            putList(p, k + "cont", o.containers);
        }
        p.setProperty("faulty", String.join(",", faultyDevices.keySet()));
        return p;
    }

    static EngineState fromProperties(Properties p) {
        EngineState s = new EngineState();
        if (!"1".equals(p.getProperty("version"))) {
            throw new IllegalArgumentException("unsupported state version " + p.getProperty("version"));
        }
        s.generation = num(p, "generation");
        s.rank = num(p, "rank");
        s.msCreated = Boolean.parseBoolean(req(p, "ms.created"));
        s.msUuid = req(p, "ms.uuid");
        s.msAddr = req(p, "ms.addr");
        s.rankNext = num(p, "ms.rank_next");
        s.mapVersion = num(p, "ms.map_version");
        for (long r : splitLongs(req(p, "members"))) {
            String k = "member." + r + ".";
            Member m = new Member();
            m.uuid = req(p, k + "uuid");
            m.uri = req(p, k + "uri");
            m.addr = req(p, k + "addr");
            m.nctxs = (int) num(p, k + "nctxs");
            m.in = Boolean.parseBoolean(req(p, k + "in"));
            s.members.put(r, m);
        }
        for (String uuid : split(req(p, "pools"))) {
            String k = "pool." + uuid + ".";
            Pool o = new Pool();
            o.ranks = splitLongs(req(p, k + "ranks"));
            o.svcReps = splitLongs(req(p, k + "svcreps"));
            o.targetsPerRank = (int) num(p, k + "targets");
            o.scmPerTarget = num(p, k + "scm");
            o.nvmePerTarget = num(p, k + "nvme");
            o.owner = req(p, k + "owner");
            o.ownerGroup = req(p, k + "group");
            o.label = req(p, k + "label");
            o.spaceRb = num(p, k + "space_rb");
            o.selfHeal = num(p, k + "self_heal");
            o.reclaim = num(p, k + "reclaim");
            o.acl = getList(p, k + "acl");
            o.containers = getList(p, k + "cont");
            s.pools.put(uuid, o);
        }
        for (String d : split(req(p, "faulty"))) {
            s.faultyDevices.put(d, Boolean.TRUE);
        }
        return s;
    }

    private static void putList(Properties p, String key, List<String> l) {
        p.setProperty(key + ".n", Integer.toString(l.size()));
        for (int i = 0; i < l.size(); i++) {
            p.setProperty(key + "." + i, l.get(i));
        }
    }

    private static List<String> getList(Properties p, String key) {
        int n = (int) num(p, key + ".n");
        List<String> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(req(p, key + "." + i));
        }
        return l;
    }

    private static String req(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("missing key " + key);
        }
        return v;
    }

    private static long num(Properties p, String key) {
        String v = req(p, key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number for " + key + ": " + v);
        }
    }

    private static String join(List<Long> l) {
        StringBuilder b = new StringBuilder();
        for (Long x : l) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(x);
        }
        return b.toString();
    }

    private static List<String> split(String s) {
        List<String> l = new ArrayList<>();
        if (!s.isEmpty()) {
            for (String x : s.split(",", -1)) {
                l.add(x);
            }
        }
        return l;
    }

    private static List<Long> splitLongs(String s) {
        List<Long> l = new ArrayList<>();
        for (String x : split(s)) {
            try {
                l.add(Long.parseLong(x));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad number in list: " + s);
            }
        }
        return l;
    }
}
