package io.daos.control.management.internal.peer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.Set;

import org.junit.Test;

import io.daos.control.api.grpc.GrpcMethods;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.ctl.SystemQueryResp;
import io.daos.control.proto.ctl.SystemStartReq;
import io.daos.control.proto.ctl.SystemStartResp;
import io.daos.control.proto.ctl.SystemStopReq;
import io.daos.control.proto.ctl.SystemStopResp;
import io.grpc.ServerServiceDefinition;

/** The registry of the methods other modules run on the leader. */
public class RoutedMethodsTest {

    private static ServerServiceDefinition ctl() {
        return ServerServiceDefinition.builder(MgmtCtlGrpc.SERVICE_NAME)
                .addMethod(MgmtCtlGrpc.getSystemQueryMethod(),
                        GrpcMethods.unary((SystemQueryReq r) -> SystemQueryResp.getDefaultInstance()))
                .addMethod(MgmtCtlGrpc.getSystemStopMethod(),
                        GrpcMethods.unary((SystemStopReq r) -> SystemStopResp.getDefaultInstance()))
                .addMethod(MgmtCtlGrpc.getSystemStartMethod(),
                        GrpcMethods.unary((SystemStartReq r) -> SystemStartResp.getDefaultInstance()))
                .build();
    }

    private final RoutedMethods routed = new RoutedMethods();

    @Test
    public void onlyTheNamedMethodsAreKeptAsDefined() {
        ServerServiceDefinition def = ctl();
        routed.put(def, Set.of("SystemStop", "SystemQuery"));
        assertSame(def.getMethod("ctl.MgmtCtl/SystemStop"), routed.method("ctl.MgmtCtl/SystemStop"));
        assertSame(def.getMethod("ctl.MgmtCtl/SystemQuery"), routed.method("ctl.MgmtCtl/SystemQuery"));
        assertNull("not named", routed.method("ctl.MgmtCtl/SystemStart"));
        assertNull(routed.method("mgmt.MgmtSvc/SystemStop"));
        assertNull(routed.method("SystemStop"));
        assertNull(routed.method(""));
    }

    @Test
    public void routingAServiceAgainReplacesWhatItRouted() {
        routed.put(ctl(), Set.of("SystemStop", "SystemQuery"));
        ServerServiceDefinition again = ctl();
        routed.put(again, Set.of("SystemStart"));
        assertSame(again.getMethod("ctl.MgmtCtl/SystemStart"), routed.method("ctl.MgmtCtl/SystemStart"));
        assertNull(routed.method("ctl.MgmtCtl/SystemStop"));
        assertNull(routed.method("ctl.MgmtCtl/SystemQuery"));
    }

    @Test
    public void withdrawDropsTheServiceAndIgnoresUnknownNames() {
        routed.put(ctl(), Set.of("SystemStop"));
        assertFalse(routed.withdraw("mgmt.MgmtSvc"));
        assertFalse(routed.withdraw(null));
        assertTrue(routed.withdraw(MgmtCtlGrpc.SERVICE_NAME));
        assertNull(routed.method("ctl.MgmtCtl/SystemStop"));
        assertFalse(routed.withdraw(MgmtCtlGrpc.SERVICE_NAME));
    }

    @Test
    public void aNameTheServiceDoesNotHaveIsLeftOut() {
        routed.put(ctl(), Set.of("SystemStop", "SystemRestart"));
        assertEquals(MgmtCtlGrpc.getSystemStopMethod(), routed.method("ctl.MgmtCtl/SystemStop").getMethodDescriptor());
        assertNull(routed.method("ctl.MgmtCtl/SystemRestart"));
    }
}
