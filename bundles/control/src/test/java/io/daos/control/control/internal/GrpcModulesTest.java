package io.daos.control.control.internal;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Field;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;

import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.grpc.BindableService;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;

/**
 * The two gRPC modules of this bundle as the rpc-server sees them: BindableServices whose
 * definitions each hold only their own methods of {@code ctl.MgmtCtl}.
 */
public class GrpcModulesTest {

    private static Set<String> methods(BindableService module) {
        ServerServiceDefinition d = module.bindService();
        assertEquals(MgmtCtlGrpc.SERVICE_NAME, d.getServiceDescriptor().getName());
        Set<String> names = new TreeSet<>();
        for (ServerMethodDefinition<?, ?> m : d.getMethods()) {
            names.add(m.getMethodDescriptor().getBareMethodName());
        }
        return names;
    }

    private static <T> T with(T component, String field, Object value) throws Exception {
        Field f = component.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(component, value);
        return component;
    }

    @Test
    public void inventoryServesTheFourInventoryMethods() throws Exception {
        InventoryComponent c = with(new InventoryComponent(), "config", Fakes.serverConfig());
        assertEquals(Set.of("NetworkListProviders", "NetworkScanDevices", "StoragePrepare", "StorageScan"), methods(c));
    }

    @Test
    public void storageFormatServesOnlyStorageFormat() throws Exception {
        StorageFormatComponent c = with(with(new StorageFormatComponent(), "config", Fakes.serverConfig()),
                "harness", new Fakes.FakeHarness(0));
        assertEquals(Set.of("StorageFormat"), methods(c));
    }
}
