package io.daos.control.rpc.server.internal;

import io.daos.control.api.testing.LogCapture;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.Test;

import io.daos.control.rpc.server.testproto.ComposedGrpc;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoFileDescriptorSupplier;

public class MethodRegistryTest {

    private final List<String> events = new ArrayList<>();
    private final MethodRegistry registry = new MethodRegistry(
            (appeared, vanished) -> events.add("+" + appeared + " -" + vanished));

    @Test
    public void addAndRemoveByMethod() {
        ServerServiceDefinition echo = Fixtures.echo("a");
        assertNull(registry.lookupMethod(Fixtures.echoName(), null));
        assertTrue(registry.add("a", "bundle.a", 0, 1, List.of(echo)));
        assertSame(echo.getMethod(Fixtures.echoName()), registry.lookupMethod(Fixtures.echoName(), null));
        assertNull("Reverse is not registered", registry.lookupMethod(Fixtures.reverseName(), null));
        assertFalse("same key twice is refused", registry.add("a", "bundle.a", 0, 1, List.of(echo)));

        assertTrue(registry.remove("a"));
        assertNull(registry.lookupMethod(Fixtures.echoName(), null));
        assertFalse(registry.remove("a"));
        assertTrue(registry.getServices().isEmpty());
        assertEquals(List.of("+[" + ComposedGrpc.SERVICE_NAME + "] -[]",
                "+[] -[" + ComposedGrpc.SERVICE_NAME + "]"), events);
    }

    @Test
    public void twoPartialDefinitionsComposeOneService() {
        registry.add("a", "bundle.a", 0, 1, List.of(Fixtures.echo("a")));
        registry.add("b", "bundle.b", 0, 2, List.of(Fixtures.reverse("b")));

        assertEquals(1, registry.getServices().size());
        ServerServiceDefinition composed = registry.getServices().get(0);
        assertEquals(ComposedGrpc.SERVICE_NAME, composed.getServiceDescriptor().getName());
        assertEquals(2, composed.getMethods().size());
        assertEquals(2, composed.getServiceDescriptor().getMethods().size());
        assertTrue("schema descriptor lets reflection find the .proto file",
                composed.getServiceDescriptor().getSchemaDescriptor() instanceof ProtoFileDescriptorSupplier);
        assertEquals(Set.of(ComposedGrpc.SERVICE_NAME), registry.serviceNames());
        assertEquals("service appeared once", 1, events.size());

        registry.remove("a");
        composed = registry.getServices().get(0);
        assertEquals(1, composed.getMethods().size());
        assertNotNull(composed.getMethod(Fixtures.reverseName()));
        assertNull(composed.getMethod(Fixtures.echoName()));
        assertEquals("the service is still present", 1, events.size());

        registry.remove("b");
        assertTrue(registry.getServices().isEmpty());
        assertEquals(2, events.size());
    }

    @Test
    public void conflictHigherRankingWinsAndLoserTakesOver() {
        ServerServiceDefinition low = Fixtures.echo("low");
        ServerServiceDefinition high = Fixtures.echo("high");
        try (LogCapture log = new LogCapture(MethodRegistry.class)) {
            registry.add("low", "bundle.low", 0, 1, List.of(low));
            registry.add("high", "bundle.high", 10, 2, List.of(high));
            assertEquals("bundle.high", registry.ownerOf(Fixtures.echoName()));
            assertSame(high.getMethod(Fixtures.echoName()), registry.lookupMethod(Fixtures.echoName(), null));
            String warning = log.lines().stream().filter(l -> l.contains("conflict")).findFirst().orElse("");
            assertTrue(warning, warning.contains("bundle.low") && warning.contains("bundle.high")
                    && warning.contains(Fixtures.echoName()));

            registry.remove("high");
            assertEquals("bundle.low", registry.ownerOf(Fixtures.echoName()));
            assertSame(low.getMethod(Fixtures.echoName()), registry.lookupMethod(Fixtures.echoName(), null));
            assertTrue(log.lines().stream().anyMatch(l -> l.contains("takes over")));
        }
        assertEquals("health never saw the service vanish", 1, events.size());
    }

    @Test
    public void tieGoesToLowerServiceId() {
        registry.add("second", "bundle.second", 5, 20, List.of(Fixtures.echo("second")));
        registry.add("first", "bundle.first", 5, 10, List.of(Fixtures.echo("first")));
        assertEquals("bundle.first", registry.ownerOf(Fixtures.echoName()));
    }

    @Test
    public void updateReRanksWithoutHealthFlap() {
        registry.add("a", "bundle.a", 0, 1, List.of(Fixtures.echo("a")));
        registry.add("b", "bundle.b", 1, 2, List.of(Fixtures.echo("b")));
        assertEquals("bundle.b", registry.ownerOf(Fixtures.echoName()));
        registry.update("a", "bundle.a", 7, 1, List.of(Fixtures.echo("a")));
        assertEquals("bundle.a", registry.ownerOf(Fixtures.echoName()));
        assertEquals(1, events.size());
    }

    @Test
    public void removingOneClaimantKeepsTheOtherMethodsOfIt() {
        ServerServiceDefinition both = ServerServiceDefinition.builder(ComposedGrpc.SERVICE_NAME)
                .addMethod(Fixtures.echo("x").getMethod(Fixtures.echoName()))
                .addMethod(reverseMethod("x"))
                .build();
        registry.add("x", "bundle.x", 0, 1, List.of(both));
        registry.add("y", "bundle.y", 9, 2, List.of(Fixtures.reverse("y")));
        assertEquals("bundle.x", registry.ownerOf(Fixtures.echoName()));
        assertEquals("bundle.y", registry.ownerOf(Fixtures.reverseName()));
        registry.remove("x");
        assertNull(registry.lookupMethod(Fixtures.echoName(), null));
        assertEquals("bundle.y", registry.ownerOf(Fixtures.reverseName()));
    }

    private static ServerMethodDefinition<?, ?> reverseMethod(String who) {
        return Fixtures.reverse(who).getMethod(Fixtures.reverseName());
    }
}
