package io.daos.control.config.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import io.daos.control.api.config.ControlLogMask;
import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.config.TransportConfig;

/**
 * The whole configuration. Built and mutated only by the loader (defaults first, then the file,
 * then CLI overrides and validation); published frozen ({@link #freeze()}).
 */
public final class ServerConfigData implements ServerConfig {

    Path configPath;
    String systemName = DEFAULT_SYSTEM_NAME;
    int port = DEFAULT_PORT;
    TransportConfig transport = TransportConfig.DEFAULT;
    List<String> accessPoints = new ArrayList<>(List.of("localhost:" + DEFAULT_PORT));
    String socketDir = DEFAULT_SOCKET_DIR;
    String provider = "";
    String fabricIface = "";
    int fabricIfacePort;
    Integer pinnedNumaNode;
    String modules = "";
    List<IOServerEntry> servers = new ArrayList<>();
    List<String> bdevInclude = new ArrayList<>();
    List<String> bdevExclude = new ArrayList<>();
    int nrHugepages;
    boolean setHugepages;
    ControlLogMask controlLogMask = ControlLogMask.INFO;
    String controlLogFile = "";
    boolean controlLogJson;
    String helperLogFile = "";
    boolean recreateSuperblocks;
    String faultPath = "";
    String faultCb = "";
    boolean hyperthreads;

    ServerConfigData freeze() {
        accessPoints = List.copyOf(accessPoints);
        bdevInclude = List.copyOf(bdevInclude);
        bdevExclude = List.copyOf(bdevExclude);
        for (IOServerEntry s : servers) {
            s.setHugepages = setHugepages;
            s.freeze();
        }
        servers = List.copyOf(servers);
        return this;
    }

    @Override
    public Path configPath() {
        return configPath;
    }

    @Override
    public String systemName() {
        return systemName;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public boolean allowInsecure() {
        return transport.allowInsecure();
    }

    @Override
    public TransportConfig transportConfig() {
        return transport;
    }

    @Override
    public List<String> accessPoints() {
        return accessPoints;
    }

    @Override
    public String socketDir() {
        return socketDir;
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public String fabricIface() {
        return fabricIface;
    }

    @Override
    public int fabricIfacePort() {
        return fabricIfacePort;
    }

    @Override
    public OptionalInt pinnedNumaNode() {
        return pinnedNumaNode == null ? OptionalInt.empty() : OptionalInt.of(pinnedNumaNode);
    }

    @Override
    public String modules() {
        return modules;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public List<IOServerConfig> servers() {
        return (List) servers;
    }

    /** The entries with their implementation type (for the loader). */
    public List<IOServerEntry> entries() {
        return servers;
    }

    @Override
    public List<String> bdevInclude() {
        return bdevInclude;
    }

    @Override
    public List<String> bdevExclude() {
        return bdevExclude;
    }

    @Override
    public int nrHugepages() {
        return nrHugepages;
    }

    @Override
    public boolean setHugepages() {
        return setHugepages;
    }

    @Override
    public ControlLogMask controlLogMask() {
        return controlLogMask;
    }

    @Override
    public String controlLogFile() {
        return controlLogFile;
    }

    @Override
    public boolean controlLogJson() {
        return controlLogJson;
    }

    @Override
    public String helperLogFile() {
        return helperLogFile;
    }

    @Override
    public boolean recreateSuperblocks() {
        return recreateSuperblocks;
    }

    @Override
    public String faultPath() {
        return faultPath;
    }

    @Override
    public String faultCb() {
        return faultCb;
    }

    @Override
    public boolean hyperthreads() {
        return hyperthreads;
    }

    @Override
    public String toString() {
        return "ServerConfig[" + configPath + ", name=" + systemName + ", port=" + port + ", servers="
                + servers.size() + "]";
    }
}
