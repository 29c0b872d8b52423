package io.daos.control.management.internal;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;

import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;

/** The gRPC module as the rpc-server binds it: only Join and LeaderQuery of mgmt.MgmtSvc. */
public class MgmtComponentTest {

    @Test
    public void bindsTheMgmtSvcMethodsItServes() throws Exception {
        MgmtComponent c = new MgmtComponent();
        ServerServiceDefinition d = c.bindService();
        assertEquals(MgmtSvcGrpc.SERVICE_NAME, d.getServiceDescriptor().getName());
        Set<String> names = new TreeSet<>();
        for (ServerMethodDefinition<?, ?> m : d.getMethods()) {
            names.add(m.getMethodDescriptor().getBareMethodName());
        }
        assertEquals(new TreeSet<>(List.of("Join", "LeaderQuery", "SmdListDevs", "SmdListPools", "BioHealthQuery",
                "DevStateQuery", "StorageSetFaulty")), names);
    }

    private static void set(Object target, String field, Object value) throws Exception {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }
}
