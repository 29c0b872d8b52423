package io.daos.control.tools;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

import io.daos.control.api.net.HostPort;
import io.daos.control.dmg.conn.ClientTls;
import io.daos.control.dmg.conn.TlsLoadException;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

/**
 * {@code bin/daos_grpc}: a small gRPC client for trying a daos-control server without extra
 * tools (grpcurl is not packaged everywhere; our {@code dmg} comes with a later issue).
 * Everything but {@code health} is driven by the server's reflection service, so it works for
 * every method the server currently serves, including hot-added modules.
 *
 * <pre>
 * daos_grpc [options] health [service]      grpc.health.v1 Check
 * daos_grpc [options] list                  services listed by reflection
 * daos_grpc [options] describe service      methods with request/response types
 * daos_grpc [options] call Service/Method [json]   unary or server-streaming call, JSON in/out
 * </pre>
 * Plaintext unless the options ({@link ToolOptions}: {@code -o} a dmg client config,
 * {@code --ca/--cert/--key}) ask for mutual TLS ({@link ClientTls}), as a secure server requires.
 * Every error is one {@code ERROR:} line, never a stack trace. Exit status: 0 success, 1 call
 * failed (status printed), 2 usage error.
 */
public final class GrpcTool {

    private static final long TIMEOUT_S = 10;

    static final String USAGE = "usage: daos_grpc [-a host:port] [-o daos.yml] [--ca FILE --cert FILE --key FILE]"
            + " [--server-name NAME] [-i]\n"
            + "                 health [service] | list | describe <service> | call <service>/<method> [json]";

    private final ManagedChannel channel;
    private final PrintStream out;

    private GrpcTool(ToolOptions options, PrintStream out) {
        HostPort target = options.address();
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(target.host(), target.port());
        if (options.tls() == null) {
            builder.usePlaintext();
        } else {
            try {
                builder.sslContext(options.tls().context()).overrideAuthority(options.tls().serverName());
            } catch (TlsLoadException e) {
                throw new Failure(e.getMessage());
            }
        }
        this.channel = builder.build();
        this.out = out;
    }

    /**
     * The {@code -a} address: {@code host:port}, {@code [v6]:port}, or a bare {@code host} for
     * port {@value HostPort#DEFAULT_PORT}.
     *
     * @throws IllegalArgumentException a malformed address (a usage error)
     */
    static HostPort address(String text) {
        return HostPort.parse(text, HostPort.DEFAULT_PORT);
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs one command line; results on {@code out}, every error as one {@code ERROR:} line (and
     * the usage for usage errors) on {@code err}.
     *
     * @return the exit status: 0 success, 1 failure, 2 usage error
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        ToolOptions options;
        try {
            options = ToolOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        } catch (Failure e) {
            err.println("ERROR: " + e.getMessage());
            return 1;
        }
        String address = options.address().toString();
        GrpcTool tool = null;
        try {
            tool = new GrpcTool(options, out);
            List<String> command = options.command();
            return tool.run(command.get(0), command.subList(1, command.size()));
        } catch (StatusRuntimeException e) {
            err.println("ERROR: " + address + ": " + describe(e.getStatus(), options.tls() != null));
            return 1;
        } catch (Failure e) {
            err.println("ERROR: " + address + ": " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        } catch (Exception e) {
            err.println("ERROR: " + address + ": " + e);
            return 1;
        } finally {
            if (tool != null) {
                tool.channel.shutdownNow();
            }
        }
    }

    /**
     * A failed call's status in one line: code, description, the innermost cause (a TLS handshake
     * failure says why there), and for a plaintext call the server did not answer a hint that it
     * may want TLS.
     */
    static String describe(Status status, boolean tls) {
        StringBuilder line = new StringBuilder(status.getCode().toString());
        // the first line only: Netty adds the channel pipeline on the next
        String description = status.getDescription() == null ? null : status.getDescription().lines().findFirst().orElse("");
        if (description != null) {
            line.append(": ").append(description);
        }
        boolean handshake = false;
        Throwable cause = status.getCause();
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            handshake |= t instanceof javax.net.ssl.SSLException;
            cause = t;
        }
        if (cause != null && cause.getMessage() != null
                && (description == null || !description.contains(cause.getMessage()))) {
            // the JDK's messages may quote nested exceptions by class name: keep only their text
            line.append(" (").append(handshake ? "TLS handshake failed: " : "")
                    .append(cause.getMessage().replaceAll("(\\w+\\.)+\\w+(Exception|Error): ", "")).append(')');
        }
        if (!tls && status.getCode() == Status.Code.UNAVAILABLE) {
            line.append("; if the server is secure, give -o FILE or --ca/--cert/--key");
        }
        return line.toString().replace('\n', ' ');
    }

    private static int usage(PrintStream err, String problem) {
        err.println("ERROR: " + problem);
        err.println(USAGE);
        return 2;
    }

    private int run(String command, List<String> args) throws Exception {
        switch (command) {
            case "health": {
                String service = args.isEmpty() ? "" : args.get(0);
                out.println(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(TIMEOUT_S, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus());
                return 0;
            }
            case "list":
                listServices().forEach(out::println);
                return 0;
            case "describe": {
                if (args.size() != 1) {
                    throw new IllegalArgumentException("describe takes one service name");
                }
                ServiceDescriptor service = service(args.get(0));
                for (MethodDescriptor m : service.getMethods()) {
                    out.println(m.getName() + "(" + m.getInputType().getFullName() + ") returns ("
                            + (m.isServerStreaming() ? "stream " : "") + m.getOutputType().getFullName() + ")");
                }
                return 0;
            }
            case "call":
                if (args.isEmpty() || args.size() > 2 || !args.get(0).contains("/")) {
                    throw new IllegalArgumentException("call takes <service>/<method> and an optional JSON request");
                }
                return call(args.get(0), args.size() == 2 ? args.get(1) : "{}");
            default:
                throw new IllegalArgumentException("unknown command \"" + command + "\"");
        }
    }

    private int call(String fullName, String json) throws Exception {
        int slash = fullName.lastIndexOf('/');
        ServiceDescriptor service = service(fullName.substring(0, slash));
        MethodDescriptor method = service.findMethodByName(fullName.substring(slash + 1));
        if (method == null) {
            throw new Failure("service " + service.getFullName() + " has no method "
                    + fullName.substring(slash + 1));
        }
        if (method.isClientStreaming()) {
            throw new IllegalArgumentException(fullName + " is client-streaming; not supported");
        }
        DynamicMessage.Builder request = DynamicMessage.newBuilder(method.getInputType());
        try {
            JsonFormat.parser().merge(json, request);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("bad JSON for " + method.getInputType().getFullName() + ": "
                    + e.getMessage());
        }
        io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> rpc = io.grpc.MethodDescriptor
                .<DynamicMessage, DynamicMessage>newBuilder()
                .setType(method.isServerStreaming() ? MethodType.SERVER_STREAMING : MethodType.UNARY)
                .setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName(
                        service.getFullName(), method.getName()))
                .setRequestMarshaller(new DynamicMarshaller(method.getInputType()))
                .setResponseMarshaller(new DynamicMarshaller(method.getOutputType()))
                .build();
        JsonFormat.Printer printer = JsonFormat.printer();
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(TIMEOUT_S, TimeUnit.SECONDS);
        if (method.isServerStreaming()) {
            ClientCalls.blockingServerStreamingCall(channel, rpc, options, request.build())
                    .forEachRemaining(r -> print(printer, r));
        } else {
            print(printer, ClientCalls.blockingUnaryCall(channel, rpc, options, request.build()));
        }
        return 0;
    }

    private void print(JsonFormat.Printer printer, DynamicMessage m) {
        try {
            out.println(printer.print(m));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One reflection request/response exchange. */
    private ServerReflectionResponse reflect(ServerReflectionRequest request)
            throws InterruptedException, ExecutionException, TimeoutException {
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
            ServerReflectionResponse response = result.get(TIMEOUT_S, TimeUnit.SECONDS);
            if (response.hasErrorResponse()) {
                throw new Failure("reflection: " + response.getErrorResponse().getErrorMessage());
            }
            return response;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException s) {
                throw s;
            }
            throw e;
        } finally {
            requests.onCompleted();
        }
    }

    private Set<String> listServices() throws Exception {
        Set<String> names = new TreeSet<>();
        for (ServiceResponse s : reflect(ServerReflectionRequest.newBuilder().setListServices("").build())
                .getListServicesResponse().getServiceList()) {
            names.add(s.getName());
        }
        return names;
    }

    /** The service's descriptor, built from the files reflection returns for its symbol. */
    private ServiceDescriptor service(String name) throws Exception {
        ServerReflectionResponse r = reflect(ServerReflectionRequest.newBuilder()
                .setFileContainingSymbol(name).build());
        Map<String, FileDescriptorProto> protos = new HashMap<>();
        String first = null;
        for (ByteString b : r.getFileDescriptorResponse().getFileDescriptorProtoList()) {
            FileDescriptorProto p = FileDescriptorProto.parseFrom(b);
            protos.put(p.getName(), p);
            if (first == null) {
                first = p.getName();
            }
        }
        if (first == null) {
            throw new Failure("the server does not describe " + name);
        }
        FileDescriptor file = build(first, protos, new HashMap<>());
        String simple = name.substring(name.lastIndexOf('.') + 1);
        ServiceDescriptor service = file.findServiceByName(simple);
        if (service == null || !service.getFullName().equals(name)) {
            throw new Failure("the server serves no service " + name);
        }
        return service;
    }

    private static FileDescriptor build(String fileName, Map<String, FileDescriptorProto> protos,
            Map<String, FileDescriptor> built) throws DescriptorValidationException {
        FileDescriptor done = built.get(fileName);
        if (done != null) {
            return done;
        }
        FileDescriptorProto proto = protos.get(fileName);
        if (proto == null) {
            throw new Failure("reflection did not return " + fileName);
        }
        List<FileDescriptor> deps = new ArrayList<>();
        for (String dep : proto.getDependencyList()) {
            deps.add(build(dep, protos, built));
        }
        FileDescriptor file = FileDescriptor.buildFrom(proto, deps.toArray(new FileDescriptor[0]));
        built.put(fileName, file);
        return file;
    }

    /** A failure on the server's side (exit status 1), as opposed to a usage error (2). */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    /** Marshals DynamicMessages of one type. */
    private static final class DynamicMarshaller implements Marshaller<DynamicMessage> {
        private final com.google.protobuf.Descriptors.Descriptor type;

        DynamicMarshaller(com.google.protobuf.Descriptors.Descriptor type) {
            this.type = type;
        }

        @Override
        public InputStream stream(DynamicMessage value) {
            return value.toByteString().newInput();
        }

        @Override
        public DynamicMessage parse(InputStream stream) {
            try {
                return DynamicMessage.parseFrom(type, stream);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot parse a " + type.getFullName(), e);
            }
        }
    }
}
