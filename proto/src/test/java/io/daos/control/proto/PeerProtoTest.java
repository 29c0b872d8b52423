package io.daos.control.proto;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.daos.control.proto.peer.ControlPeerGrpc;
import io.daos.control.proto.peer.EngineCallReq;
import io.daos.control.proto.peer.EngineCallResp;
import io.daos.control.proto.peer.ForwardReq;
import io.daos.control.proto.peer.ForwardResp;
import io.grpc.MethodDescriptor.MethodType;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * Pins {@code peer/peer.proto}, the internal control-server-to-control-server service of issue 12
 * (docs/internal-rpc.md): its methods and field numbers, and that it stays outside the v1.0 wire
 * contract (no contract file reaches it).
 */
public class PeerProtoTest {

    private static List<String> fields(Descriptor d) {
        List<String> out = new ArrayList<>();
        for (FieldDescriptor f : d.getFields()) {
            out.add(f.getNumber() + " " + f.getName() + " " + f.getType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }

    @Test
    public void theServiceHasForwardAndEngineCallBothUnary() {
        io.grpc.ServiceDescriptor sd = ControlPeerGrpc.getServiceDescriptor();
        assertEquals("peer.ControlPeer", sd.getName());
        assertEquals(2, sd.getMethods().size());
        assertEquals("peer.ControlPeer/Forward", ControlPeerGrpc.getForwardMethod().getFullMethodName());
        assertEquals("peer.ControlPeer/EngineCall", ControlPeerGrpc.getEngineCallMethod().getFullMethodName());
        assertEquals(MethodType.UNARY, ControlPeerGrpc.getForwardMethod().getType());
        assertEquals(MethodType.UNARY, ControlPeerGrpc.getEngineCallMethod().getType());
    }

    @Test
    public void fieldNumbersAndTypesArePinned() {
        assertEquals(List.of("1 method string", "2 request bytes", "3 peer string", "4 system string"),
                fields(ForwardReq.getDescriptor()));
        assertEquals(List.of("1 response bytes"), fields(ForwardResp.getDescriptor()));
        assertEquals(List.of("1 rank uint32", "2 method int32", "3 body bytes", "4 timeout_ms uint32",
                "5 system string"), fields(EngineCallReq.getDescriptor()));
        assertEquals(List.of("1 body bytes"), fields(EngineCallResp.getDescriptor()));
        FileDescriptor f = ForwardReq.getDescriptor().getFile();
        assertEquals("peer/peer.proto", f.getName());
        assertEquals("peer", f.getPackage());
        assertEquals("io.daos.control.proto.peer", f.getOptions().getJavaPackage());
        assertTrue(f.getOptions().getJavaMultipleFiles());
        assertEquals("imports nothing", List.of(), f.getDependencies());
    }

    @Test
    public void theWireContractDoesNotReachIt() {
        for (FileDescriptor f : WireContractTest.contractFiles()) {
            assertFalse("contract file " + f.getName() + " is or imports peer/peer.proto",
                    f.getName().startsWith("peer/") || f.getPackage().equals("peer"));
        }
    }
}
