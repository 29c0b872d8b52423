package io.daos.control.rpc.server.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

public class InterceptorChainTest {

    private final List<String> seen = new ArrayList<>();
    private final InterceptorChain chain = new InterceptorChain();
    private final ServerCall.Listener<Object> terminal = new ServerCall.Listener<>() { };
    private final ServerCallHandler<Object, Object> handler = (call, headers) -> {
        seen.add("handler");
        return terminal;
    };

    private ServerInterceptor recording(String name) {
        return new ServerInterceptor() {
            @Override
            public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
                    Metadata headers, ServerCallHandler<ReqT, RespT> next) {
                seen.add(name);
                return next.startCall(call, headers);
            }
        };
    }

    private ServerCall.Listener<Object> call() {
        return chain.interceptCall(new Fixtures.StubCall(), new Metadata(), handler);
    }

    @Test
    public void emptyChainHandsStraightOn() {
        assertSame(terminal, call());
        assertEquals(List.of("handler"), seen);
    }

    @Test
    public void higherRankingIsOutermostAndRemovalTakesEffect() {
        chain.add(1L, recording("low"), 0, 1);
        chain.add(2L, recording("high"), 100, 2);
        chain.add(3L, recording("tie-later"), 0, 3);
        assertSame(terminal, call());
        assertEquals(List.of("high", "low", "tie-later", "handler"), seen);

        seen.clear();
        chain.remove(2L);
        call();
        assertEquals(List.of("low", "tie-later", "handler"), seen);

        seen.clear();
        chain.remove(1L);
        chain.remove(3L);
        call();
        assertEquals(List.of("handler"), seen);
        assertEquals(0, chain.snapshot().size());
    }

    @Test
    public void anInterceptorCanRejectACall() {
        chain.add(1L, new ServerInterceptor() {
            @Override
            public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
                    Metadata headers, ServerCallHandler<ReqT, RespT> next) {
                call.close(Status.PERMISSION_DENIED, new Metadata());
                return new ServerCall.Listener<>() { };
            }
        }, 0, 1);
        Fixtures.StubCall c = new Fixtures.StubCall();
        chain.interceptCall(c, new Metadata(), handler);
        assertEquals(Status.Code.PERMISSION_DENIED, c.closed.getCode());
        assertEquals(List.of(), seen);
    }
}
