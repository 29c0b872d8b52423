package io.daos.control.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import org.junit.Test;

import io.daos.control.api.net.HostPort;

/** The {@code -a} address of bin/daos_grpc. */
public class GrpcToolTest {

    @Test
    public void addressesAreHostPortsWithTheControlPortByDefault() {
        assertEquals(HostPort.of("node1", 10001), GrpcTool.address("node1"));
        assertEquals(HostPort.of("127.0.0.1", 5), GrpcTool.address("127.0.0.1:5"));
        assertEquals(HostPort.of("::1", 10002), GrpcTool.address("[::1]:10002"));
    }

    @Test
    public void malformedAddressesAreUsageErrorsWithTheReferenceText() {
        String[][] cases = {
            {"h:x", "invalid port \"x\""},
            {"h:", "invalid port \"\""},
            {"h:70000", "invalid port \"70000\""},
            {"a:b:c", "address a:b:c: too many colons in address"},
            {"[::1]", "address [::1]: missing port in address"},
        };
        for (String[] c : cases) {
            try {
                GrpcTool.address(c[0]);
                fail(c[0]);
            } catch (IllegalArgumentException e) {
                assertEquals(c[1], e.getMessage());
            }
        }
    }
}
