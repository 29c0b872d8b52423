package io.daos.control.fanout.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;

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
}
