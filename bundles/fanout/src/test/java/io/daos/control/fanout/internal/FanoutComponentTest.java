package io.daos.control.fanout.internal;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.grpc.ServerServiceDefinition;

/** The gRPC module as the rpc-server binds it: only SystemQuery of ctl.MgmtCtl. */
public class FanoutComponentTest {

    @Test
    public void bindsSystemQueryOnly() {
        ServerServiceDefinition d = new FanoutComponent().bindService();
        assertEquals(MgmtCtlGrpc.SERVICE_NAME, d.getServiceDescriptor().getName());
        assertEquals(List.of(MgmtCtlGrpc.getSystemQueryMethod().getFullMethodName()),
                d.getMethods().stream().map(m -> m.getMethodDescriptor().getFullMethodName()).toList());
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
