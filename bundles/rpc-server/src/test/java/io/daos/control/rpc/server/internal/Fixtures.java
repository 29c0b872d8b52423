package io.daos.control.rpc.server.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.daos.control.rpc.server.testproto.ComposedGrpc;
import io.daos.control.rpc.server.testproto.EchoReq;
import io.daos.control.rpc.server.testproto.EchoResp;
import io.grpc.ServerServiceDefinition;
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

    /** Records WARNING+ log lines of one logger while open. */
    static final class LogCapture extends Handler implements AutoCloseable {
        final List<String> lines = new ArrayList<>();
        private final Logger logger;

        LogCapture(Class<?> type) {
            logger = Logger.getLogger(type.getName());
            setLevel(Level.WARNING);
            logger.addHandler(this);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                lines.add(record.getMessage());
            }
        }

        synchronized List<String> lines() {
            return new ArrayList<>(lines);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
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
}
