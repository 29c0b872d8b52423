package io.daos.control.config.internal;

import java.nio.file.Path;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.config.CliOverrides;

/** Operations on the mutable model used by the public loader. */
public final class Model {

    private Model() {
    }

    /** Defaults of §1.3, recording {@code file}. */
    public static ServerConfigData newData(Path file) {
        ServerConfigData cfg = new ServerConfigData();
        cfg.configPath = file;
        return cfg;
    }

    /** §1.5: fill fabric values when empty/0; always overwrite name, socket_dir, modules. */
    public static void propagate(ServerConfigData cfg) {
        for (IOServerEntry s : cfg.servers) {
            Validator.fillFabric(cfg, s);
            s.name = cfg.systemName;
            s.socketDir = cfg.socketDir;
            s.modules = cfg.modules;
        }
    }

    /** §2.2 overrides, then the host name recorded in every server. */
    public static void applyOverrides(ServerConfigData cfg, CliOverrides o, String hostname) {
        if (o.port() != null && o.port() > 0) {
            cfg.port = o.port();
        }
        if (o.storage() != null && !o.storage().isEmpty() && !cfg.servers.isEmpty()) {
            cfg.servers.get(0).scmMount = o.storage();
        }
        if (o.modules() != null) {
            cfg.modules = o.modules();
            cfg.servers.forEach(s -> s.modules = o.modules());
        }
        if (o.targets() != null && o.targets() > 0) {
            cfg.servers.forEach(s -> s.targets = o.targets());
        }
        if (o.xsHelperNr() != null) {
            cfg.servers.forEach(s -> s.nrXsHelpers = o.xsHelperNr());
        }
        if (o.firstCore() != null && o.firstCore() > 0) {
            cfg.servers.forEach(s -> s.firstCore = o.firstCore());
        }
        if (o.group() != null && !o.group().isEmpty()) {
            cfg.systemName = o.group();
            cfg.servers.forEach(s -> s.name = o.group());
        }
        if (o.socketDir() != null && !o.socketDir().isEmpty()) {
            cfg.socketDir = o.socketDir();
            cfg.servers.forEach(s -> s.socketDir = o.socketDir());
        }
        if (o.insecure()) {
            cfg.transport = cfg.transport.withAllowInsecure(true);
        }
        cfg.recreateSuperblocks = o.recreateSuperblocks();
        String h = hostname == null ? "" : hostname;
        cfg.servers.forEach(s -> s.hostname = h);
    }

    /** The immutable published form. */
    public static ServerConfig freeze(ServerConfigData cfg) {
        return cfg.freeze();
    }
}
