package io.daos.control.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import io.daos.control.api.config.BdevClass;
import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ScmClass;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.config.TransportConfig;

/**
 * Renders a {@link ServerConfig} as {@code daos_server.yml} text and writes the active-configuration
 * copy of SPEC-SERVER §3.2 step 2 ({@link #writeActive}). Loading the output gives an equal
 * configuration (round trip, §8.1); server entries use the reference key order (rank, modules,
 * targets, ..., pinned_numa_node, env_vars; {@code targets} only when not 0, since an explicit 0 is
 * refused). What the CLI overrides changed is in the output; the
 * host name recorded by {@code start} and the file's own path are not (they are not keys), and
 * {@code recreate_superblocks} is the value of {@code --recreate-superblocks}, which overrides the
 * key again at the next load.
 */
public final class ServerConfigWriter {

    /** File name of the active-configuration copy. */
    public static final String ACTIVE_NAME = ".daos_server.active.yml";
    /** Where the copy goes when the config file's directory cannot take it. */
    public static final Path ACTIVE_FALLBACK_DIR = Path.of("/tmp");

    private static final Set<PosixFilePermission> MODE_0644 = PosixFilePermissions.fromString("rw-r--r--");

    private ServerConfigWriter() {
    }

    /** The YAML text. */
    public static String toYaml(ServerConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.systemName());
        m.put("access_points", new ArrayList<>(c.accessPoints()));
        m.put("port", c.port());
        TransportConfig t = c.transportConfig();
        Map<String, Object> tm = new LinkedHashMap<>();
        tm.put("allow_insecure", t.allowInsecure());
        tm.put("client_cert_dir", t.clientCertDir());
        tm.put("ca_cert", t.caCert());
        tm.put("cert", t.cert());
        tm.put("key", t.key());
        tm.put("server_name", t.serverName());
        m.put("transport_config", tm);
        m.put("provider", c.provider());
        m.put("fabric_iface", c.fabricIface());
        m.put("fabric_iface_port", c.fabricIfacePort());
        if (c.pinnedNumaNode().isPresent()) {
            m.put("pinned_numa_node", c.pinnedNumaNode().getAsInt());
        }
        m.put("socket_dir", c.socketDir());
        m.put("modules", c.modules());
        List<Object> servers = new ArrayList<>();
        for (IOServerConfig s : c.servers()) {
            servers.add(server(s));
        }
        m.put("servers", servers);
        m.put("bdev_include", new ArrayList<>(c.bdevInclude()));
        m.put("bdev_exclude", new ArrayList<>(c.bdevExclude()));
        m.put("nr_hugepages", c.nrHugepages());
        m.put("set_hugepages", c.setHugepages());
        m.put("control_log_mask", c.controlLogMask().name());
        m.put("control_log_file", c.controlLogFile());
        m.put("control_log_json", c.controlLogJson());
        m.put("helper_log_file", c.helperLogFile());
        m.put("recreate_superblocks", c.recreateSuperblocks());
        m.put("fault_path", c.faultPath());
        m.put("fault_cb", c.faultCb());
        m.put("hyperthreads", c.hyperthreads());
        return yaml().dump(m);
    }

    /** One server entry in the reference key order. */
    public static String serverToYaml(IOServerConfig s) {
        return yaml().dump(server(s));
    }

    /** Writes {@link #toYaml} to {@code file} (created or truncated). */
    public static void write(ServerConfig c, Path file) throws IOException {
        Files.writeString(file, toYaml(c), StandardCharsets.UTF_8);
    }

    /**
     * {@code writeActive(c, ACTIVE_FALLBACK_DIR)}: the copy next to the config file, else in
     * {@code /tmp}.
     */
    public static Path writeActive(ServerConfig c) throws IOException {
        return writeActive(c, ACTIVE_FALLBACK_DIR);
    }

    /**
     * Writes the active configuration, {@link #toYaml} of {@code c}, with mode 0644 to
     * {@value #ACTIVE_NAME} in the directory of {@link ServerConfig#configPath()} or, when that
     * fails, in {@code fallbackDir}. A symbolic link in place of the file is not followed (the
     * write fails instead).
     *
     * @return the file written
     * @throws IOException the fallback's failure (the first one suppressed in it) when both fail
     */
    public static Path writeActive(ServerConfig c, Path fallbackDir) throws IOException {
        byte[] text = toYaml(c).getBytes(StandardCharsets.UTF_8);
        Path dir = c.configPath() == null ? null : c.configPath().toAbsolutePath().getParent();
        Path first = (dir == null ? Path.of("").toAbsolutePath() : dir).resolve(ACTIVE_NAME);
        try {
            writeFile(first, text);
            return first;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            Path second = fallbackDir.resolve(ACTIVE_NAME);
            try {
                writeFile(second, text);
                return second;
            } catch (IOException | UnsupportedOperationException | SecurityException e2) {
                IOException both = e2 instanceof IOException io ? io : new IOException(second + ": " + e2, e2);
                both.addSuppressed(e);
                throw both;
            }
        }
    }

    private static void writeFile(Path file, byte[] text) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(MODE_0644))) {
            ByteBuffer b = ByteBuffer.wrap(text);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
        // the umask narrows a new file's mode, and an existing file keeps its own
        Files.setPosixFilePermissions(file, MODE_0644);
    }

    private static Map<String, Object> server(IOServerConfig s) {
        Map<String, Object> m = new LinkedHashMap<>();
        s.rank().ifPresent(r -> m.put("rank", r.value()));
        m.put("modules", s.modules());
        if (s.targets() != 0) { // 0 is "not given" (all cores); written, it would be refused on load
            m.put("targets", s.targets());
        }
        m.put("nr_xs_helpers", s.nrXsHelpers());
        m.put("first_core", s.firstCore());
        m.put("name", s.name());
        m.put("socket_dir", s.socketDir());
        m.put("log_mask", s.logMask());
        m.put("log_file", s.logFile());
        m.put("scm_mount", s.scmMount());
        if (s.scmClass() != ScmClass.NONE) {
            m.put("scm_class", s.scmClass().yamlName());
        }
        m.put("scm_size", s.scmSize());
        m.put("scm_list", new ArrayList<>(s.scmList()));
        if (s.bdevClass() != BdevClass.NONE) {
            m.put("bdev_class", s.bdevClass().yamlName());
        }
        m.put("bdev_list", new ArrayList<>(s.bdevList()));
        m.put("bdev_number", s.bdevNumber());
        m.put("bdev_size", s.bdevSize());
        m.put("provider", s.provider());
        m.put("fabric_iface", s.fabricIface());
        m.put("fabric_iface_port", s.fabricIfacePort());
        if (s.pinnedNumaNode().isPresent()) {
            m.put("pinned_numa_node", s.pinnedNumaNode().getAsInt());
        }
        m.put("env_vars", new ArrayList<>(s.envVars()));
        return m;
    }

    private static Yaml yaml() {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndicatorIndent(0);
        o.setIndent(2);
        o.setWidth(4096);
        return new Yaml(o);
    }
}
