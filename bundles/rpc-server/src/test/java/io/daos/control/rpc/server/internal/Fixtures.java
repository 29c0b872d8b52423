package io.daos.control.rpc.server.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import io.daos.control.rpc.server.testproto.ComposedGrpc;
import io.daos.control.rpc.server.testproto.EchoReq;
import io.daos.control.rpc.server.testproto.EchoResp;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;

/** Partial definitions of the test service daos.control.rpcserver.test.Composed, and a JUL capture. */
final class Fixtures {

    private Fixtures() {
    }

    /** Only Echo, answering text + served_by = who. */
    static ServerServiceDefinition echo(String who) {
        return ServerServiceDefinition.builder(ComposedGrpc.SERVICE_NAME)
                .addMethod(ComposedGrpc.getEchoMethod(), ServerCalls.asyncUnaryCall(
                        (EchoReq req, io.grpc.stub.StreamObserver<EchoResp> out) -> {
                            out.onNext(EchoResp.newBuilder().setText(req.getText()).setServedBy(who).build());
                            out.onCompleted();
                        }))
                .build();
    }

    /** Only Reverse. */
    static ServerServiceDefinition reverse(String who) {
        return ServerServiceDefinition.builder(ComposedGrpc.SERVICE_NAME)
                .addMethod(ComposedGrpc.getReverseMethod(), ServerCalls.asyncUnaryCall(
                        (EchoReq req, io.grpc.stub.StreamObserver<EchoResp> out) -> {
                            out.onNext(EchoResp.newBuilder()
                                    .setText(new StringBuilder(req.getText()).reverse().toString())
                                    .setServedBy(who).build());
                            out.onCompleted();
                        }))
                .build();
    }

    static String echoName() {
        return ComposedGrpc.getEchoMethod().getFullMethodName();
    }

    static String reverseName() {
        return ComposedGrpc.getReverseMethod().getFullMethodName();
    }


    /** Names of live threads that start with a prefix. */
    static List<String> threads(String prefix) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(prefix)) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /** A handler that hands every record to {@code sink}. */
    static Handler capture(Consumer<LogRecord> sink) {
        return new Handler() {
            @Override
            public void publish(LogRecord r) {
                sink.accept(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    /** A call that records its close; the Echo method, no attributes. */
    static final class StubCall extends ServerCall<Object, Object> {
        Status closed;

        @Override
        public void request(int numMessages) {
        }

        @Override
        public void sendHeaders(Metadata headers) {
        }

        @Override
        public void sendMessage(Object message) {
        }

        @Override
        public void close(Status status, Metadata trailers) {
            closed = status;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public Attributes getAttributes() {
            return Attributes.EMPTY;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        @Override
        public MethodDescriptor<Object, Object> getMethodDescriptor() {
            return (MethodDescriptor) ComposedGrpc.getEchoMethod();
        }
    }
}
