package io.daos.control.config;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.logging.Logger;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.fault.Fault;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.fault.Faults;
import io.daos.control.config.internal.Model;
import io.daos.control.config.internal.ServerConfigData;
import io.daos.control.config.internal.Validator;
import io.daos.control.config.internal.YamlParser;

/**
 * Loads {@code daos_server.yml} (SPEC-SERVER §1, §2.2), usable from OSGi and plain Java.
 *
 * <p>{@link #load(Path, CliOverrides)} is what {@code daos_server start} does: parse strictly over
 * the defaults, propagate top-level values into the servers, apply the CLI overrides, record the
 * host name and validate (§1.6). {@link #parse(Path)} only parses and propagates (as
 * {@code network scan} does). Every error is a {@link FaultException} with a one-line message:
 * parse errors read {@code failed to load config from <path>: parse failed; config contains
 * invalid parameters and may be out of date, see server config examples: <yaml error>} (fault 630
 * without resolution); validation errors carry the reference fault (e.g. 634) and text.
 */
public final class ServerConfigLoader {

    private static final Logger LOG = Logger.getLogger("io.daos.control.config");

    private static final String PARSE_FAILED = "parse failed; config contains invalid parameters and may be "
            + "out of date, see server config examples: ";

    private Path examplesDir;

    /** A loader with the default examples directory. */
    public ServerConfigLoader() {
    }

    /**
     * Sets the examples directory named in fault-630 messages (default: {@code
     * ../utils/config/examples} relative to the config file's directory, i.e. next to {@code bin/}).
     */
    public ServerConfigLoader examplesDir(Path dir) {
        this.examplesDir = dir;
        return this;
    }

    /** {@code new ServerConfigLoader().load(file, overrides)}. */
    public static ServerConfig loadFile(Path file, CliOverrides overrides) throws FaultException {
        return new ServerConfigLoader().load(file, overrides);
    }

    /** Parse, propagate, apply {@code overrides} (null = none given), record host name, validate. */
    public ServerConfig load(Path file, CliOverrides overrides) throws FaultException {
        Path abs = file.toAbsolutePath().normalize();
        return loadText(read(abs), abs, overrides);
    }

    /** Like {@link #load} for YAML text; {@code file} is the path recorded and shown in messages. */
    public ServerConfig loadText(String yaml, Path file, CliOverrides overrides) throws FaultException {
        ServerConfigData cfg = parseData(yaml, file);
        applyOverrides(cfg, overrides == null ? CliOverrides.NONE : overrides);
        Validator.validate(cfg, examples(file));
        return freeze(cfg);
    }

    /** Parse and propagate only (no overrides, no validation). */
    public ServerConfig parse(Path file) throws FaultException {
        Path abs = file.toAbsolutePath().normalize();
        return freeze(parseData(read(abs), abs));
    }

    /** Parse and propagate YAML text only. */
    public ServerConfig parseText(String yaml, Path file) throws FaultException {
        return freeze(parseData(yaml, file));
    }

    private static ServerConfig freeze(ServerConfigData cfg) {
        if (cfg.entries().size() > ServerConfig.MAX_IO_SERVERS) {
            LOG.warning(cfg.configPath() + ": " + cfg.entries().size() + " servers entries configured; DAOS v1.0 tools "
                    + "assume at most " + ServerConfig.MAX_IO_SERVERS + " I/O servers per daos_server (all entries are kept)");
        }
        return Model.freeze(cfg);
    }

    private Path examples(Path file) {
        if (examplesDir != null) {
            return examplesDir;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null) {
            dir = Path.of("/");
        }
        return dir.resolve("../utils/config/examples").normalize();
    }

    private static String read(Path file) throws FaultException {
        String prefix = "failed to load config from " + file + ": ";
        Fault f = Faults.SERVER_BAD_CONFIG.withResolution("");
        try {
            if (!Files.exists(file)) {
                throw new FaultException(prefix + "stat " + file + ": no such file or directory", f);
            }
            if (Files.isDirectory(file)) {
                throw new FaultException(prefix + "reading file: read " + file + ": is a directory", f);
            }
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new FaultException(prefix + PARSE_FAILED + "yaml: invalid UTF-8 in file", f, e);
        } catch (NoSuchFileException e) {
            throw new FaultException(prefix + "reading file: open " + file + ": no such file or directory", f, e);
        } catch (AccessDeniedException e) {
            throw new FaultException(prefix + "reading file: open " + file + ": permission denied", f, e);
        } catch (IOException e) {
            throw new FaultException(prefix + "reading file: " + e.getMessage(), f, e);
        }
    }

    private static ServerConfigData parseData(String yaml, Path file) throws FaultException {
        ServerConfigData cfg = Model.newData(file);
        try {
            YamlParser.parse(yaml, cfg);
        } catch (YamlParser.ParseException e) {
            throw new FaultException("failed to load config from " + file + ": " + PARSE_FAILED + e.getMessage(),
                    Faults.SERVER_BAD_CONFIG.withResolution(""), e);
        }
        Model.propagate(cfg);
        return cfg;
    }

    private static void applyOverrides(ServerConfigData cfg, CliOverrides o) {
        String host = o.hostname();
        if (host == null) {
            host = localHostname();
        }
        Model.applyOverrides(cfg, o, host);
    }

    private static String localHostname() {
        try {
            String h = Files.exists(Path.of("/proc/sys/kernel/hostname"))
                    ? Files.readString(Path.of("/proc/sys/kernel/hostname")).trim() : "";
            return h.isEmpty() ? InetAddress.getLocalHost().getHostName() : h;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
