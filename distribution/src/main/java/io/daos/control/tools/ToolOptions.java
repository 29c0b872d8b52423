package io.daos.control.tools;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import io.daos.control.api.net.HostPort;
import io.daos.control.dmg.conn.ClientTls;

/**
 * The global options of {@code bin/daos_grpc}, before the command:
 * <pre>
 * -a, --address host:port    the server (default: the config file's first hostlist entry, else localhost:10001)
 * -o, --config-path FILE     a dmg client config (daos.yml): hostlist, port and transport_config
 * --ca FILE --cert FILE --key FILE   mutual TLS material; each overrides the config file's
 * --server-name NAME         the name in the server's certificate (default server)
 * -i, --insecure             plaintext even if the config file says otherwise
 * </pre>
 * Of the config file only {@code hostlist}, {@code port} and {@code transport_config}
 * ({@code allow_insecure}, {@code ca_cert}, {@code cert}, {@code key}, {@code server_name}) are
 * read, with dmg's defaults (secure, {@code .daos/daosCA.crt}, {@code .daos/client.crt},
 * {@code .daos/client.key}; relative paths against the working directory); other keys are
 * ignored. Without a config file and without TLS flags the tool speaks plaintext.
 *
 * @param address the server
 * @param tls     the mutual TLS to speak, or null for plaintext
 * @param command the command and its arguments (never empty)
 */
record ToolOptions(HostPort address, ClientTls tls, List<String> command) {

    /** dmg's {@code transport_config} defaults (SPEC-SYSTEM §5.1, client column). */
    static final String DEFAULT_CA = ".daos/daosCA.crt";
    static final String DEFAULT_CERT = ".daos/client.crt";
    static final String DEFAULT_KEY = ".daos/client.key";
    /** dmg's {@code hostlist} default. */
    static final String DEFAULT_HOST = "localhost:" + HostPort.DEFAULT_PORT;

    /**
     * Reads the options and, with {@code -o}, the config file.
     *
     * @throws IllegalArgumentException a usage error
     * @throws GrpcTool.Failure         a config file that cannot be read or is not one
     */
    static ToolOptions parse(List<String> args) {
        String address = null;
        String configPath = null;
        String ca = null;
        String cert = null;
        String key = null;
        String serverName = null;
        boolean insecure = false;
        int i = 0;
        for (; i < args.size() && args.get(i).startsWith("-"); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (name.equals("-i") || name.equals("--insecure")) {
                insecure = true;
                continue;
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            switch (name) {
                case "-a", "--address" -> address = value;
                case "-o", "--config-path" -> configPath = value;
                case "--ca" -> ca = value;
                case "--cert" -> cert = value;
                case "--key" -> key = value;
                case "--server-name" -> serverName = value;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (i == args.size()) {
            throw new IllegalArgumentException("no command given");
        }
        List<String> command = List.copyOf(args.subList(i, args.size()));
        boolean flags = ca != null || cert != null || key != null;
        ClientConfig file = configPath == null ? null : ClientConfig.read(Path.of(configPath));
        if (serverName != null && serverName.isEmpty()) {
            throw new IllegalArgumentException("--server-name must not be empty");
        }

        HostPort target = address != null ? GrpcTool.address(address)
                : file == null ? GrpcTool.address(DEFAULT_HOST) : file.address();
        ClientTls tls = null;
        if (!insecure && (flags || (file != null && !file.allowInsecure()))) {
            if (file == null && (ca == null || cert == null || key == null)) {
                throw new IllegalArgumentException("--ca, --cert and --key go together (or take the rest from -o FILE)");
            }
            tls = new ClientTls(Path.of(ca != null ? ca : file.caCert()), Path.of(cert != null ? cert : file.cert()),
                    Path.of(key != null ? key : file.key()),
                    serverName != null ? serverName
                            : file != null ? file.serverName() : ClientTls.DEFAULT_SERVER_NAME);
        }
        return new ToolOptions(target, tls, command);
    }

    /**
     * What the tool takes from a dmg client config file.
     *
     * @param address       the first {@code hostlist} entry, its port defaulting to {@code port}
     * @param allowInsecure {@code transport_config.allow_insecure}
     */
    record ClientConfig(HostPort address, boolean allowInsecure, String caCert, String cert, String key,
            String serverName) {

        static ClientConfig read(Path file) {
            Object doc;
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            } catch (IOException e) {
                throw new GrpcTool.Failure("config file " + file + ": " + ioReason(e));
            } catch (MarkedYAMLException e) {
                throw new GrpcTool.Failure("config file " + file + ": " + e.getProblem()
                        + (e.getProblemMark() == null ? "" : " at line " + (e.getProblemMark().getLine() + 1)));
            } catch (YAMLException e) {
                throw new GrpcTool.Failure("config file " + file + ": " + e.getMessage());
            }
            Map<?, ?> top = doc == null ? Map.of() : map(file, "the document", doc);
            int port = HostPort.DEFAULT_PORT;
            if (top.get("port") != null) {
                if (!(top.get("port") instanceof Integer p) || p <= 0 || p > 65535) {
                    throw new GrpcTool.Failure("config file " + file + ": port: expected a port number");
                }
                port = p;
            }
            String host = DEFAULT_HOST;
            Object hostlist = top.get("hostlist");
            if (hostlist instanceof List<?> l && !l.isEmpty()) {
                host = String.valueOf(l.get(0));
            } else if (hostlist instanceof String s && !s.isBlank()) {
                host = s.strip();
            } else if (hostlist != null && !(hostlist instanceof List<?>)) {
                throw new GrpcTool.Failure("config file " + file + ": hostlist: expected a list of host:port");
            }
            HostPort address;
            try {
                address = HostPort.parse(host, port);
            } catch (IllegalArgumentException e) {
                throw new GrpcTool.Failure("config file " + file + ": hostlist: " + e.getMessage());
            }
            Map<?, ?> transport = top.get("transport_config") == null ? Map.of()
                    : map(file, "transport_config", top.get("transport_config"));
            Object insecure = transport.get("allow_insecure");
            if (insecure != null && !(insecure instanceof Boolean)) {
                throw new GrpcTool.Failure("config file " + file + ": transport_config.allow_insecure: expected true or false");
            }
            return new ClientConfig(address, Boolean.TRUE.equals(insecure),
                    text(file, transport, "ca_cert", DEFAULT_CA), text(file, transport, "cert", DEFAULT_CERT),
                    text(file, transport, "key", DEFAULT_KEY),
                    text(file, transport, "server_name", ClientTls.DEFAULT_SERVER_NAME));
        }

        private static Map<?, ?> map(Path file, String what, Object value) {
            if (!(value instanceof Map<?, ?> m)) {
                throw new GrpcTool.Failure("config file " + file + ": " + what + ": expected a mapping");
            }
            return m;
        }

        private static String text(Path file, Map<?, ?> transport, String key, String fallback) {
            Object v = transport.get(key);
            if (v == null) {
                return fallback;
            }
            if (v instanceof Map || v instanceof List || String.valueOf(v).isEmpty()) {
                throw new GrpcTool.Failure("config file " + file + ": transport_config." + key + ": expected a non-empty value");
            }
            return String.valueOf(v);
        }
    }

    /** A short reason: {@code no such file} rather than the exception's class and path again. */
    static String ioReason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
