package io.daos.control.config.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

import io.daos.control.api.config.BdevClass;
import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ScmClass;
import io.daos.control.api.system.Rank;
import io.daos.control.config.IOServerArgs;

/**
 * One {@code servers} entry. Mutable only while the loader builds it (package-private setters by
 * field access); published instances are frozen ({@link #freeze()}) and never changed again.
 */
public final class IOServerEntry implements IOServerConfig {

    int index;
    Rank rank;
    int targets;
    /** The file gave {@code targets} (then 0 is refused; left out, 0 means "all cores"). */
    boolean targetsGiven;
    int nrXsHelpers;
    int firstCore;
    String name = "";
    String socketDir = "";
    String modules = "";
    String logMask = "";
    String logFile = "";
    List<String> envVars = new ArrayList<>();
    String provider = "";
    String fabricIface = "";
    int fabricIfacePort;
    Integer pinnedNumaNode;
    String scmMount = "";
    ScmClass scmClass = ScmClass.NONE;
    int scmSize;
    List<String> scmList = new ArrayList<>();
    BdevClass bdevClass = BdevClass.NONE;
    List<String> bdevList = new ArrayList<>();
    int bdevNumber;
    int bdevSize;
    String hostname = "";
    boolean setHugepages;

    IOServerEntry copy() {
        IOServerEntry c = new IOServerEntry();
        c.index = index;
        c.rank = rank;
        c.targets = targets;
        c.targetsGiven = targetsGiven;
        c.nrXsHelpers = nrXsHelpers;
        c.firstCore = firstCore;
        c.name = name;
        c.socketDir = socketDir;
        c.modules = modules;
        c.logMask = logMask;
        c.logFile = logFile;
        c.envVars = new ArrayList<>(envVars);
        c.provider = provider;
        c.fabricIface = fabricIface;
        c.fabricIfacePort = fabricIfacePort;
        c.pinnedNumaNode = pinnedNumaNode;
        c.scmMount = scmMount;
        c.scmClass = scmClass;
        c.scmSize = scmSize;
        c.scmList = new ArrayList<>(scmList);
        c.bdevClass = bdevClass;
        c.bdevList = new ArrayList<>(bdevList);
        c.bdevNumber = bdevNumber;
        c.bdevSize = bdevSize;
        c.hostname = hostname;
        c.setHugepages = setHugepages;
        return c;
    }

    IOServerEntry freeze() {
        envVars = List.copyOf(envVars);
        scmList = List.copyOf(scmList);
        bdevList = List.copyOf(bdevList);
        return this;
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public Optional<Rank> rank() {
        return Optional.ofNullable(rank);
    }

    @Override
    public int targets() {
        return targets;
    }

    @Override
    public int nrXsHelpers() {
        return nrXsHelpers;
    }

    @Override
    public int firstCore() {
        return firstCore;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String socketDir() {
        return socketDir;
    }

    @Override
    public String modules() {
        return modules;
    }

    @Override
    public String logMask() {
        return logMask;
    }

    @Override
    public String logFile() {
        return logFile;
    }

    @Override
    public List<String> envVars() {
        return envVars;
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
    public String scmMount() {
        return scmMount;
    }

    @Override
    public ScmClass scmClass() {
        return scmClass;
    }

    @Override
    public int scmSize() {
        return scmSize;
    }

    @Override
    public List<String> scmList() {
        return scmList;
    }

    @Override
    public BdevClass bdevClass() {
        return bdevClass;
    }

    @Override
    public List<String> bdevList() {
        return bdevList;
    }

    @Override
    public int bdevNumber() {
        return bdevNumber;
    }

    @Override
    public int bdevSize() {
        return bdevSize;
    }

    @Override
    public String hostname() {
        return hostname;
    }

    /** Whether {@code set_hugepages} was set at the top level (decides {@code -r}). */
    public boolean setHugepages() {
        return setHugepages;
    }

    @Override
    public boolean generatesNvmeConf() {
        if (bdevClass == BdevClass.MALLOC) {
            return bdevNumber != 0;
        }
        return !bdevList.isEmpty();
    }

    @Override
    public String nvmeConfPath() {
        String mount = scmMount;
        while (mount.length() > 1 && mount.endsWith("/")) {
            mount = mount.substring(0, mount.length() - 1);
        }
        return mount.isEmpty() ? NVME_CONF_NAME : (mount.equals("/") ? "/" : mount + "/") + NVME_CONF_NAME;
    }

    @Override
    public IOServerConfig withTargets(int newTargets) {
        IOServerEntry c = copy();
        c.targets = newTargets;
        return c.freeze();
    }

    @Override
    public List<String> ioServerArgs(long sharedMemoryId, long hugepagesMB) {
        return IOServerArgs.args(this, sharedMemoryId, setHugepages ? hugepagesMB : 0);
    }

    @Override
    public Map<String, String> ioServerEnv(Map<String, String> inherited, UnaryOperator<String> interfaceAliases) {
        return IOServerArgs.environment(this, inherited, interfaceAliases);
    }

    @Override
    public Map<String, String> configEnv(UnaryOperator<String> interfaceAliases) {
        return IOServerArgs.environment(this, Map.of(), interfaceAliases);
    }

    @Override
    public String toString() {
        return "IOServerConfig[index=" + index + ", scm_mount=" + scmMount + ", provider=" + provider
                + ", fabric_iface=" + fabricIface + "]";
    }
}
