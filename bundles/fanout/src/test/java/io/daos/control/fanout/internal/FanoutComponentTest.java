package io.daos.control.fanout.internal;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;

import io.daos.control.api.system.LeaderRouter;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.grpc.ServerServiceDefinition;

/** The gRPC module as the rpc-server binds it: the three system commands of ctl.MgmtCtl, routed to the leader. */
public class FanoutComponentTest {

    /** Records what it was asked to route and gives the definition back as it came. */
    static final class Router implements LeaderRouter {
        final List<String> log = new ArrayList<>();

        @Override
        public ServerServiceDefinition route(ServerServiceDefinition service, Set<String> methods, Duration timeout) {
            log.add("route " + service.getServiceDescriptor().getName() + " " + new TreeSet<>(methods) + " "
                    + timeout.toSeconds() + "s");
            return service;
        }

        @Override
        public void withdraw(String serviceName) {
            log.add("withdraw " + serviceName);
        }
    }

    @Test
    public void bindsTheSystemCommandsRoutedToTheLeaderAndWithdrawsThemWhenDeactivated() throws Exception {
        FanoutComponent c = new FanoutComponent();
        Router router = new Router();
        Field f = FanoutComponent.class.getDeclaredField("router");
        f.setAccessible(true);
        f.set(c, router);
        ServerServiceDefinition d = c.bindService();
        assertEquals(MgmtCtlGrpc.SERVICE_NAME, d.getServiceDescriptor().getName());
        assertEquals(Set.of(MgmtCtlGrpc.getSystemQueryMethod().getFullMethodName(),
                MgmtCtlGrpc.getSystemStopMethod().getFullMethodName(),
                MgmtCtlGrpc.getSystemStartMethod().getFullMethodName()),
                d.getMethods().stream().map(m -> m.getMethodDescriptor().getFullMethodName()).collect(
                        java.util.stream.Collectors.toSet()));
        c.deactivate();
        assertEquals(List.of("route ctl.MgmtCtl [SystemQuery, SystemStart, SystemStop] 255s",
                "withdraw ctl.MgmtCtl"), router.log);
    }

    @Test
    public void settingsComeFromTheComponentThenTheFrameworkPropertyThenTheDefault() {
        Map<String, Object> props = Map.of(FanoutComponent.PROP_IN_FLIGHT, "64",
                FanoutComponent.PROP_QUERY_DEADLINE, " 750 ", FanoutComponent.PROP_CONTROL_BUDGET, "-5",
                FanoutComponent.PROP_CONTROL_DEADLINE, "soon");
        Fanout.Settings q = FanoutComponent.settings(props::get, Fanout.Settings.query(),
                FanoutComponent.PROP_QUERY_DEADLINE, FanoutComponent.PROP_QUERY_BUDGET);
        assertEquals(new Fanout.Settings(64, Duration.ofMillis(750), Fanout.DEFAULT_QUERY_BUDGET), q);
        Fanout.Settings c = FanoutComponent.settings(props::get, Fanout.Settings.control(),
                FanoutComponent.PROP_CONTROL_DEADLINE, FanoutComponent.PROP_CONTROL_BUDGET);
        assertEquals("bad values are the defaults",
                new Fanout.Settings(64, Fanout.DEFAULT_CONTROL_DEADLINE, Fanout.DEFAULT_CONTROL_BUDGET), c);
    }

    @Test
    public void theComponentPropertyDropsThePrefixAndWinsOverTheFrameworkProperty() {
        Map<String, String> framework = Map.of(FanoutComponent.PROP_IN_FLIGHT, "8",
                FanoutComponent.PROP_QUERY_DEADLINE, "900");
        java.util.function.Function<String, Object> v = FanoutComponent.source(Map.of("inflight", 32), framework::get);
        assertEquals(32, v.apply(FanoutComponent.PROP_IN_FLIGHT));
        assertEquals("900", v.apply(FanoutComponent.PROP_QUERY_DEADLINE));
        assertEquals(null, v.apply(FanoutComponent.PROP_QUERY_BUDGET));
    }

    @Test
    public void unconfiguredTheDefaultsAreUsed() {
        FanoutComponent f = new FanoutComponent();
        assertEquals(new Fanout.Settings(256, Duration.ofSeconds(2), Duration.ofSeconds(30)), f.querySettings());
        assertEquals(new Fanout.Settings(256, Duration.ofSeconds(30), Duration.ofSeconds(120)), f.controlSettings());
    }
}
