package io.daos.control.management.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;

/** The component as the framework runs it: the methods it binds, the membership over its DB, stop. */
public class MgmtComponentTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    /** An access point on localhost, the DB in a temporary directory. */
    private MgmtComponent started() throws Exception {
        MgmtComponent c = new MgmtComponent();
        ServerConfig config = (ServerConfig) Proxy.newProxyInstance(ServerConfig.class.getClassLoader(),
                new Class<?>[] {ServerConfig.class}, (p, m, a) -> switch (m.getName()) {
                    case "systemName" -> "daos_server";
                    case "accessPoints" -> List.of("localhost:10001");
                    case "port" -> 10001;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        set(c, "config", config);
        Map<String, String> props = Map.of(DbPlacement.DIR_PROPERTY, tmp.getRoot().toPath().resolve("db").toString());
        c.start(props::get);
        return c;
    }

    @Test
    public void bindsEveryMgmtSvcMethodButTheRankOnes() throws Exception {
        MgmtComponent c = started();
        try {
            ServerServiceDefinition d = c.bindService();
            assertEquals(MgmtSvcGrpc.SERVICE_NAME, d.getServiceDescriptor().getName());
            Set<String> names = new TreeSet<>();
            for (ServerMethodDefinition<?, ?> m : d.getMethods()) {
                names.add(m.getMethodDescriptor().getBareMethodName());
            }
            assertEquals(new TreeSet<>(List.of("Join", "LeaderQuery", "GetAttachInfo", "PoolCreate", "PoolDestroy",
                    "PoolQuery", "PoolSetProp", "PoolGetACL", "PoolOverwriteACL", "PoolUpdateACL", "PoolDeleteACL",
                    "ListPools", "ListContainers", "SmdListDevs", "SmdListPools", "BioHealthQuery", "DevStateQuery",
                    "StorageSetFaulty")), names);
            Set<String> all = new TreeSet<>();
            MgmtSvcGrpc.getServiceDescriptor().getMethods().forEach(m -> all.add(m.getBareMethodName()));
            all.removeAll(names);
            assertEquals(Set.of("PrepShutdownRanks", "StopRanks", "PingRanks", "StartRanks"), all);
        } finally {
            c.deactivate();
        }
    }

    @Test
    public void theMembershipIsKeptInItsDb() throws Exception {
        MgmtComponent c = started();
        try {
            String uuid = "a106d667-5c5d-4d6f-ac3a-89099196c41a";
            assertTrue(c.addOrUpdate(new Member(Rank.of(0), uuid, "127.0.0.1:10001", MemberState.UNKNOWN)));
            assertTrue(c.updateState(Rank.of(0), MemberState.STARTED));
            assertEquals(List.of(new Member(Rank.of(0), uuid, "127.0.0.1:10001", MemberState.STARTED)), c.members());
            assertEquals(1, c.view().members().size());
        } finally {
            c.deactivate();
        }
    }

    @Test
    public void updateStatesGoesToTheDbAndAStoppedDbIsLoggedNotThrown() throws Exception {
        MgmtComponent c = started();
        String uuid = "a106d667-5c5d-4d6f-ac3a-89099196c41a";
        try {
            c.addOrUpdate(new Member(Rank.of(0), uuid, "127.0.0.1:10001", MemberState.STARTED));
            assertEquals(List.of(Rank.of(3)), c.updateStates(new java.util.TreeMap<>(Map.of(Rank.of(0),
                    MemberState.STOPPED, Rank.of(3), MemberState.STOPPED))));
            assertEquals(MemberState.STOPPED, c.member(Rank.of(0)).orElseThrow().state());
        } finally {
            c.deactivate();
        }
        assertEquals("a stopped DB: logged, not thrown, no rank said to be unknown", List.of(),
                c.updateStates(Map.of(Rank.of(0), MemberState.STARTED)));
    }

    @Test
    public void withOneAccessPointARoutedServiceRunsHereAndItsMethodsAreForwardableUntilWithdrawn()
            throws Exception {
        MgmtComponent c = started();
        java.util.concurrent.atomic.AtomicReference<String> ran = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            ServerServiceDefinition wrapped = c.route(stopService("first", ran), Set.of("SystemStop"),
                    java.time.Duration.ofMinutes(5));
            assertEquals(MgmtCtlGrpc.SERVICE_NAME, wrapped.getServiceDescriptor().getName());
            // one access point: the wrapped method runs here
            assertEquals("first", reply(io.daos.control.management.internal.peer.InProcessCall.invoke(
                    wrapped.getMethod("ctl.MgmtCtl/SystemStop"), new byte[0], null)));
            assertEquals("first", ran.get());
            // and a forward for it runs the unwrapped definition (once the DB is open: the leader of one)
            c.view();
            assertEquals("first", forwarded(c));
            c.route(stopService("second", ran), Set.of("SystemStop"), java.time.Duration.ofMinutes(5));
            assertEquals("replaced", "second",
                    forwarded(c));
            c.withdraw(MgmtCtlGrpc.SERVICE_NAME);
            c.withdraw("no.Such");
            c.withdraw(null);
            try {
                forwarded(c);
                org.junit.Assert.fail();
            } catch (io.grpc.StatusRuntimeException e) {
                assertEquals(io.grpc.Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
            }
        } finally {
            c.deactivate();
        }
    }

    private static ServerServiceDefinition stopService(String who,
            java.util.concurrent.atomic.AtomicReference<String> ran) {
        return ServerServiceDefinition.builder(MgmtCtlGrpc.SERVICE_NAME)
                .addMethod(MgmtCtlGrpc.getSystemStopMethod(), io.daos.control.api.grpc.GrpcMethods.unary(
                        (io.daos.control.proto.ctl.SystemStopReq r) -> {
                            ran.set(who);
                            return io.daos.control.proto.ctl.SystemStopResp.newBuilder().addResults(
                                    io.daos.control.proto.ctl.RankResult.newBuilder().setMsg(who)).build();
                        }))
                .build();
    }

    /** What {@code peer.ControlPeer/Forward} of a SystemStop answers (the message of its first result). */
    private static String forwarded(MgmtComponent c) throws Exception {
        byte[] req = io.daos.control.proto.peer.ForwardReq.newBuilder().setMethod("ctl.MgmtCtl/SystemStop")
                .setSystem("daos_server").build().toByteArray();
        byte[] resp = io.daos.control.management.internal.peer.InProcessCall.invoke(
                c.peerService().bindService().getMethod("peer.ControlPeer/Forward"), req, null);
        return reply(io.daos.control.proto.peer.ForwardResp.parseFrom(resp).getResponse().toByteArray());
    }

    private static String reply(byte[] bytes) throws Exception {
        return io.daos.control.proto.ctl.SystemStopResp.parseFrom(bytes).getResults(0).getMsg();
    }

    private static void set(Object target, String field, Object value) throws Exception {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }
}
