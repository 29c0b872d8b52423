package io.daos.control.api.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

import io.daos.control.api.system.Rank;

/**
 * One validated {@code servers} entry of {@code daos_server.yml} (SPEC-SERVER §1.4) after
 * propagation of top-level values (§1.5) and CLI overrides (§2.2), plus the mapping to
 * {@code daos_io_server} arguments and environment (§1.7).
 */
public interface IOServerConfig {

    /** Name of the SPDK configuration file in {@code scm_mount}. */
    String NVME_CONF_NAME = "daos_nvme.conf";

    /** Position in {@code servers} (the {@code -I} argument). */
    int index();

    /** {@code rank}, used only when the superblock is first created. */
    Optional<Rank> rank();

    /** {@code targets} ({@code -t} when ≠ 0). */
    int targets();

    /** {@code nr_xs_helpers} ({@code -x}, always emitted). */
    int nrXsHelpers();

    /** {@code first_core} ({@code -f} when ≠ 0). */
    int firstCore();

    /** System name (always the top-level {@code name}; {@code -g}). */
    String name();

    /** Socket dir (always the top-level {@code socket_dir}; {@code -d}). */
    String socketDir();

    /** Modules (always the top-level {@code modules}; {@code -m} when non-empty). */
    String modules();

    /** {@code log_mask} ({@code D_LOG_MASK} when non-empty). */
    String logMask();

    /** {@code log_file} ({@code D_LOG_FILE} when non-empty). */
    String logFile();

    /** {@code env_vars} as given ({@code KEY=VALUE}; malformed items are dropped at use). */
    List<String> envVars();

    /** {@code provider} (inherited from the top level when empty). */
    String provider();

    /** {@code fabric_iface} (inherited when empty). */
    String fabricIface();

    /** {@code fabric_iface_port} (inherited when 0). */
    int fabricIfacePort();

    /** {@code pinned_numa_node} ({@code -p} when present, 0 included). */
    OptionalInt pinnedNumaNode();

    /** {@code scm_mount} ({@code -s}; holds the superblock and {@code daos_nvme.conf}). */
    String scmMount();

    /** {@code scm_class}. */
    ScmClass scmClass();

    /** {@code scm_size} in GiB (ram class). */
    int scmSize();

    /** {@code scm_list} (dcpm namespace device, at most one). */
    List<String> scmList();

    /** {@code bdev_class}. */
    BdevClass bdevClass();

    /** {@code bdev_list}. */
    List<String> bdevList();

    /** {@code bdev_number} (malloc LUN count). */
    int bdevNumber();

    /** {@code bdev_size} in GB (file and malloc). */
    int bdevSize();

    /** Host name recorded by {@code start} for SPDK config generation (empty when not recorded). */
    String hostname();

    /**
     * Whether an SPDK config ({@code <scm_mount>/daos_nvme.conf}) is generated for this entry
     * (§4.8): nvme/none/kdev/file with a non-empty {@code bdev_list}, malloc with
     * {@code bdev_number} ≠ 0.
     */
    boolean generatesNvmeConf();

    /** {@code <scm_mount>/daos_nvme.conf}. */
    String nvmeConfPath();

    /** A copy with another target count (the harness replaces it with the ready notification's). */
    IOServerConfig withTargets(int targets);

    /**
     * The {@code daos_io_server} arguments in the exact order of §1.7.
     *
     * @param sharedMemoryId SPDK shared-memory id ({@code -i}): daos_server pid + index + 1
     * @param hugepagesMB    value for {@code -r}; emitted only when {@code set_hugepages} is true and
     *                       this is ≠ 0
     */
    List<String> ioServerArgs(long sharedMemoryId, long hugepagesMB);

    /**
     * The complete {@code daos_io_server} environment of §1.7: the inherited environment (entries
     * with an empty value dropped) &lt; {@code env_vars} &lt; config-derived variables
     * ({@code D_LOG_MASK}, {@code D_LOG_FILE}, {@code VOS_BDEV_CLASS}, {@code CRT_PHY_ADDR_STR},
     * {@code OFI_INTERFACE}, {@code OFI_PORT}, {@code OFI_DOMAIN}).
     *
     * @param inherited        the daos_server environment (may be empty)
     * @param interfaceAliases resolves the {@code OFI_DOMAIN} alias of an interface for
     *                         {@code ofi+verbs*} providers; returns null when there is none
     * @throws IllegalStateException {@code failed to resolve alias for <iface>: unable to find an
     *                               alias for: <iface>} when the alias is needed but unknown
     */
    Map<String, String> ioServerEnv(Map<String, String> inherited, UnaryOperator<String> interfaceAliases);

    /** Only the config-derived variables plus well-formed {@code env_vars} (for debug logging). */
    Map<String, String> configEnv(UnaryOperator<String> interfaceAliases);
}
