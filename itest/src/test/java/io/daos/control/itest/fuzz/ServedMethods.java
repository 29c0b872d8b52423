package io.daos.control.itest.fuzz;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;

import io.grpc.Channel;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;

/**
 * Every method a server serves, with its descriptors, as its gRPC server reflection (v1) tells
 * them: the service list, then for each service the file that defines it and the files it
 * depends on. Nothing is taken from the test's class path, so hot-added modules count too.
 */
public final class ServedMethods {

    private static final long TIMEOUT_S = 30;

    private ServedMethods() {
    }

    /** The methods of every listed service, ordered by full method name. */
    public static List<MethodDescriptor> of(Channel channel) throws Exception {
        List<MethodDescriptor> methods = new ArrayList<>();
        for (ServiceResponse s : reflect(channel, ServerReflectionRequest.newBuilder().setListServices("").build())
                .getListServicesResponse().getServiceList()) {
            methods.addAll(service(channel, s.getName()).getMethods());
        }
        methods.sort((a, b) -> fullName(a).compareTo(fullName(b)));
        return methods;
    }

    /** {@code package.Service/Method}, as on the wire. */
    public static String fullName(MethodDescriptor m) {
        return m.getService().getFullName() + "/" + m.getName();
    }

    private static ServerReflectionResponse reflect(Channel channel, ServerReflectionRequest request)
            throws Exception {
        CompletableFuture<ServerReflectionResponse> result = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .withDeadlineAfter(TIMEOUT_S, TimeUnit.SECONDS)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        result.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        result.completeExceptionally(new IllegalStateException("reflection stream ended"));
                    }
                });
        requests.onNext(request);
        try {
            ServerReflectionResponse r = result.get(TIMEOUT_S, TimeUnit.SECONDS);
            if (r.hasErrorResponse()) {
                throw new IllegalStateException("reflection: " + r.getErrorResponse().getErrorMessage());
            }
            return r;
        } finally {
            requests.onCompleted();
        }
    }

    private static ServiceDescriptor service(Channel channel, String name) throws Exception {
        ServerReflectionResponse r = reflect(channel, ServerReflectionRequest.newBuilder()
                .setFileContainingSymbol(name).build());
        Map<String, FileDescriptorProto> protos = new HashMap<>();
        String first = null;
        for (ByteString b : r.getFileDescriptorResponse().getFileDescriptorProtoList()) {
            FileDescriptorProto p = FileDescriptorProto.parseFrom(b);
            protos.put(p.getName(), p);
            first = first == null ? p.getName() : first;
        }
        if (first == null) {
            throw new IllegalStateException("reflection does not describe " + name);
        }
        ServiceDescriptor s = (ServiceDescriptor) build(first, protos, new HashMap<>()).findServiceByName(
                name.substring(name.lastIndexOf('.') + 1));
        if (s == null || !s.getFullName().equals(name)) {
            throw new IllegalStateException("reflection's file for " + name + " does not define it");
        }
        return s;
    }

    private static FileDescriptor build(String name, Map<String, FileDescriptorProto> protos,
            Map<String, FileDescriptor> built) throws DescriptorValidationException {
        FileDescriptor done = built.get(name);
        if (done != null) {
            return done;
        }
        FileDescriptorProto p = protos.get(name);
        if (p == null) {
            throw new IllegalStateException("reflection did not return " + name);
        }
        List<FileDescriptor> deps = new ArrayList<>();
        for (String d : p.getDependencyList()) {
            deps.add(build(d, protos, built));
        }
        FileDescriptor f = FileDescriptor.buildFrom(p, deps.toArray(new FileDescriptor[0]));
        built.put(name, f);
        return f;
    }
}
