package io.daos.control.proto;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.Message;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.Test;

/**
 * Pins the generated Java descriptors (messages and gRPC stubs) to the wire contract of WIRE.md.
 *
 * <p>The expectation is {@code src/test/resources/wire-contract.txt}, derived once from WIRE.md
 * by {@link WireContractFromMarkdown} (never from our .proto files). The test rebuilds the same
 * lines from the generated descriptors and compares both ways; every missing or extra line is
 * named in the failure message. When a copy of WIRE.md is reachable, a second test re-derives the
 * expectation and checks the checked-in file still matches it.
 */
public class WireContractTest {

    static final String CONTRACT_RESOURCE = "/wire-contract.txt";

    /** One message from each file; the closure over their imports covers every file. */
    static final List<FileDescriptor> ANCHORS = List.of(
            ((ProtoServiceDescriptorSupplier) MgmtCtlGrpc.getServiceDescriptor().getSchemaDescriptor())
                    .getFileDescriptor(),
            ((ProtoServiceDescriptorSupplier) MgmtSvcGrpc.getServiceDescriptor().getSchemaDescriptor())
                    .getFileDescriptor(),
            io.daos.control.proto.ctl.EmptyReq.getDescriptor().getFile(),
            io.daos.control.proto.auth.Token.getDescriptor().getFile(),
            io.daos.control.proto.srv.NotifyReadyReq.getDescriptor().getFile(),
            io.daos.control.proto.drpc.Call.getDescriptor().getFile(),
            io.daos.control.proto.hello.Hello.getDescriptor().getFile());

    /** The googleapis types of WIRE.md 3.17, not redefined by us. */
    static final List<Descriptor> EXTERNAL = List.of(
            com.google.rpc.Status.getDescriptor(),
            com.google.rpc.ErrorInfo.getDescriptor());

    // ---------------------------------------------------------------- descriptor -> lines

    /** Every file reachable from the anchors, in discovery order. */
    static List<FileDescriptor> contractFiles() {
        Map<String, FileDescriptor> seen = new LinkedHashMap<>();
        Deque<FileDescriptor> todo = new ArrayDeque<>(ANCHORS);
        while (!todo.isEmpty()) {
            FileDescriptor f = todo.poll();
            if (seen.putIfAbsent(f.getName(), f) == null) {
                todo.addAll(f.getDependencies());
            }
        }
        return new ArrayList<>(seen.values());
    }

    /** The contract lines that the generated code actually implements. */
    static List<String> actualLines() {
        Set<String> out = new LinkedHashSet<>();
        for (FileDescriptor f : contractFiles()) {
            out.add("file " + f.getName() + " package " + f.getPackage());
            for (FileDescriptor dep : f.getDependencies()) {
                out.add("import " + f.getName() + " " + dep.getName());
            }
            for (ServiceDescriptor s : f.getServices()) {
                out.add("service " + s.getFullName() + " " + f.getName());
                for (MethodDescriptor m : s.getMethods()) {
                    out.add("method /" + s.getFullName() + "/" + m.getName() + " " + (m.getIndex() + 1) + " "
                            + m.getInputType().getFullName() + " " + m.getOutputType().getFullName() + " "
                            + kind(m.isClientStreaming(), m.isServerStreaming()));
                }
            }
            for (Descriptor d : f.getMessageTypes()) {
                addMessage(out, d, f.getName());
            }
            for (EnumDescriptor e : f.getEnumTypes()) {
                addEnum(out, e, f.getName());
            }
        }
        for (Descriptor d : EXTERNAL) {
            addMessageOnly(out, d, WireContractFromMarkdown.EXTERNAL);
        }
        return new ArrayList<>(out);
    }

    private static void addMessage(Set<String> out, Descriptor d, String file) {
        if (d.getOptions().getMapEntry()) {
            return;
        }
        addMessageOnly(out, d, file);
        for (Descriptor n : d.getNestedTypes()) {
            addMessage(out, n, file);
        }
        for (EnumDescriptor e : d.getEnumTypes()) {
            addEnum(out, e, file);
        }
    }

    private static void addMessageOnly(Set<String> out, Descriptor d, String file) {
        out.add("message " + d.getFullName() + " " + file);
        List<FieldDescriptor> fields = new ArrayList<>(d.getFields());
        fields.sort(Comparator.comparingInt(FieldDescriptor::getNumber));
        for (FieldDescriptor fd : fields) {
            out.add("field " + d.getFullName() + " " + fd.getNumber() + " " + fd.getName() + " " + type(fd) + " "
                    + label(fd) + (fd.getRealContainingOneof() == null ? "" : " oneof:" + fd.getRealContainingOneof().getName()));
        }
        if (!d.getExtensions().isEmpty()) {
            out.add("extension-in " + d.getFullName());
        }
    }

    private static void addEnum(Set<String> out, EnumDescriptor e, String file) {
        out.add("enum " + e.getFullName() + " " + file);
        for (EnumValueDescriptor v : e.getValues()) {
            out.add("value " + e.getFullName() + " " + v.getName() + " " + v.getNumber());
        }
    }

    static String type(FieldDescriptor fd) {
        if (fd.isMapField()) {
            Descriptor entry = fd.getMessageType();
            return "map<" + type(entry.findFieldByNumber(1)) + "," + type(entry.findFieldByNumber(2)) + ">";
        }
        switch (fd.getType()) {
            case MESSAGE:
                return "message:" + fd.getMessageType().getFullName();
            case ENUM:
                return "enum:" + fd.getEnumType().getFullName();
            case GROUP:
                return "group:" + fd.getMessageType().getFullName();
            default:
                return fd.getType().name().toLowerCase(Locale.ROOT);
        }
    }

    static String label(FieldDescriptor fd) {
        if (fd.isRepeated()) {
            return "repeated";
        }
        // proto3 "optional" (explicit presence on a scalar) is not part of the contract.
        if (fd.getContainingOneof() != null && fd.getRealContainingOneof() == null) {
            return "optional";
        }
        return "singular";
    }

    static String kind(boolean clientStreaming, boolean serverStreaming) {
        if (clientStreaming && serverStreaming) {
            return "bidi-streaming";
        }
        if (clientStreaming) {
            return "client-streaming";
        }
        return serverStreaming ? "server-streaming" : "unary";
    }

    // ---------------------------------------------------------------- expectation

    static List<String> readLines(InputStream in) throws IOException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return Arrays.asList(text.split("\n", -1));
    }

    static List<String> expectedLines() throws IOException {
        try (InputStream in = WireContractTest.class.getResourceAsStream(CONTRACT_RESOURCE)) {
            assertNotNull("test resource " + CONTRACT_RESOURCE + " is missing", in);
            return WireContractFromMarkdown.facts(readLines(in));
        }
    }

    /**
     * Compares two fact lists as sets and returns a readable description of the differences,
     * or null when they are equal. Duplicates in {@code expected} are reported too.
     */
    static String diff(String expectedName, List<String> expected, String actualName, List<String> actual) {
        StringBuilder sb = new StringBuilder();
        Set<String> exp = new TreeSet<>(expected);
        Set<String> act = new TreeSet<>(actual);
        if (exp.size() != expected.size()) {
            Set<String> once = new LinkedHashSet<>();
            Set<String> dup = new TreeSet<>();
            for (String s : expected) {
                if (!once.add(s)) {
                    dup.add(s);
                }
            }
            sb.append("\nduplicate lines in ").append(expectedName).append(':');
            dup.forEach(s -> sb.append("\n  ").append(s));
        }
        Set<String> missing = new TreeSet<>(exp);
        missing.removeAll(act);
        Set<String> extra = new TreeSet<>(act);
        extra.removeAll(exp);
        if (!missing.isEmpty()) {
            sb.append("\nin ").append(expectedName).append(" but not in ").append(actualName).append(':');
            missing.forEach(s -> sb.append("\n  - ").append(s));
        }
        if (!extra.isEmpty()) {
            sb.append("\nin ").append(actualName).append(" but not in ").append(expectedName).append(':');
            extra.forEach(s -> sb.append("\n  + ").append(s));
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    // ---------------------------------------------------------------- tests

    @Test
    public void generatedDescriptorsMatchTheContract() throws IOException {
        List<String> expected = expectedLines();
        assertTrue("the expectation file looks truncated (" + expected.size() + " lines)", expected.size() > 300);
        String d = diff("wire-contract.txt (WIRE.md)", expected, "the generated descriptors", actualLines());
        if (d != null) {
            fail("the generated protobuf code does not match the wire contract:" + d);
        }
    }

    @Test
    public void grpcStubsMatchTheContract() throws IOException {
        List<String> expected = new ArrayList<>();
        for (String l : expectedLines()) {
            if (l.startsWith("method ")) {
                String[] p = l.split(" ");
                // "/svc/Method req resp kind" without the position (grpc-java keeps no order)
                expected.add(p[1] + " " + p[3] + " " + p[4] + " " + p[5]);
            }
        }
        List<String> actual = new ArrayList<>();
        for (io.grpc.ServiceDescriptor sd : List.of(MgmtCtlGrpc.getServiceDescriptor(), MgmtSvcGrpc.getServiceDescriptor())) {
            for (io.grpc.MethodDescriptor<?, ?> md : sd.getMethods()) {
                assertEquals("service name of " + md.getFullMethodName(), sd.getName(), md.getServiceName());
                actual.add("/" + md.getFullMethodName() + " " + prototypeName(md.getRequestMarshaller()) + " "
                        + prototypeName(md.getResponseMarshaller()) + " "
                        + md.getType().name().toLowerCase(Locale.ROOT).replace("server_streaming", "server-streaming")
                                .replace("client_streaming", "client-streaming").replace("bidi_streaming", "bidi-streaming"));
            }
        }
        String d = diff("wire-contract.txt (WIRE.md)", expected, "the generated gRPC stubs", actual);
        if (d != null) {
            fail("the generated gRPC stubs do not match the wire contract:" + d);
        }
        assertEquals(8, MgmtCtlGrpc.getServiceDescriptor().getMethods().size());
        assertEquals(22, MgmtSvcGrpc.getServiceDescriptor().getMethods().size());
    }

    private static String prototypeName(io.grpc.MethodDescriptor.Marshaller<?> m) {
        assertTrue("marshaller is not a prototype marshaller: " + m, m instanceof io.grpc.MethodDescriptor.PrototypeMarshaller);
        Object proto = ((io.grpc.MethodDescriptor.PrototypeMarshaller<?>) m).getMessagePrototype();
        return ((Message) proto).getDescriptorForType().getFullName();
    }

    @Test
    public void descriptorFileNamesAreUniqueAndPackagesAreOurs() {
        Set<String> names = new TreeSet<>();
        for (FileDescriptor f : contractFiles()) {
            assertTrue("duplicate descriptor file name " + f.getName(), names.add(f.getName()));
            String javaPkg = f.getOptions().getJavaPackage();
            assertEquals("java_package of " + f.getName(), "io.daos.control.proto." + f.getPackage(), javaPkg);
            assertTrue("java_multiple_files of " + f.getName(), f.getOptions().getJavaMultipleFiles());
            assertEquals("syntax of " + f.getName(), "proto3", f.toProto().getSyntax());
        }
        assertEquals("number of contract files (WIRE.md 3.1-3.16)", 16, names.size());
        assertTrue(names.contains("mgmt/srv.proto"));
        assertTrue(names.contains("srv/srv.proto"));
    }

    @Test
    public void repeatedNumericScalarsArePacked() {
        List<String> unpacked = new ArrayList<>();
        for (FileDescriptor f : contractFiles()) {
            Deque<Descriptor> todo = new ArrayDeque<>(f.getMessageTypes());
            while (!todo.isEmpty()) {
                Descriptor d = todo.poll();
                todo.addAll(d.getNestedTypes());
                for (FieldDescriptor fd : d.getFields()) {
                    if (fd.isRepeated() && fd.isPackable() && !fd.isPacked()) {
                        unpacked.add(d.getFullName() + "." + fd.getName());
                    }
                }
            }
        }
        assertEquals("repeated numeric fields that are not packed", List.of(), unpacked);
    }

    /** Re-derives the expectation from WIRE.md, when a copy is reachable, and checks it is current. */
    @Test
    public void checkedInContractEqualsWireMd() throws IOException {
        Path wire = locateWireMd();
        assumeTrue("WIRE.md not found (looked for " + String.join(", ", wireMdCandidates().stream()
                .map(Path::toString).collect(Collectors.toList())) + "); skipping the re-derivation check"
                + " (set -Ddaos.wire.md=<path of WIRE.md> to run it)", wire != null);
        List<String> derived = WireContractFromMarkdown.derive(wire);
        String d = diff("WIRE.md (" + wire + ")", derived, "the checked-in wire-contract.txt", expectedLines());
        if (d != null) {
            fail("wire-contract.txt is out of date with WIRE.md; regenerate it with WireContractFromMarkdown:" + d);
        }
        assertEquals("line order of wire-contract.txt vs WIRE.md", derived, expectedLines());
    }

    /**
     * A copy of WIRE.md: -Ddaos.wire.md if set (then nothing else), else shared/WIRE.md beside the
     * project root, else /work/shared/WIRE.md.
     */
    static Path locateWireMd() {
        for (Path p : wireMdCandidates()) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    static List<Path> wireMdCandidates() {
        List<Path> c = new ArrayList<>();
        String prop = System.getProperty("daos.wire.md");
        if (prop != null && !prop.isBlank()) {
            c.add(Paths.get(prop)); // set explicitly: the only candidate
            return c;
        }
        Path root = projectRoot();
        if (root != null) {
            Path parent = root.toAbsolutePath().getParent();
            if (parent != null) {
                c.add(parent.resolve("shared").resolve("WIRE.md"));
            }
        }
        c.add(Paths.get("/work/shared/WIRE.md"));
        return c;
    }

    /** The reactor root: the nearest directory upwards from the working directory with proto/pom.xml. */
    static Path projectRoot() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("proto").resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        return null;
    }

    @Test
    public void expectationRejectsAChangedFieldNumber() throws IOException {
        // The comparison itself must notice a single changed number (in either direction).
        List<String> expected = expectedLines();
        List<String> tampered = new ArrayList<>(expected);
        int i = tampered.indexOf("field drpc.Call 3 sequence int64 singular");
        assertTrue("drpc.Call.sequence missing from the expectation", i >= 0);
        tampered.set(i, "field drpc.Call 5 sequence int64 singular");
        String d = diff("tampered", tampered, "the generated descriptors", actualLines());
        assertNotNull(d);
        assertTrue(d, d.contains("- field drpc.Call 5 sequence int64 singular"));
        assertTrue(d, d.contains("+ field drpc.Call 3 sequence int64 singular"));
        assertFalse(d, d.contains("duplicate"));
    }
}
