package io.daos.control.harness.internal;

import io.daos.control.api.client.MgmtClient;
import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.drpc.DrpcClientFactory;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;

/**
 * What the harness needs from its surroundings: in the framework the OSGi services
 * {@link HarnessComponent} tracks, in tests fakes. The services it names may come and go at any
 * time; the getters answer what is there now.
 */
interface HarnessHooks {

    /** The client used for Join, or null while no {@link MgmtClient} service is registered. */
    MgmtClient mgmtClient();

    /** Where dRPC clients to the I/O servers come from, or null while there is none. */
    DrpcClientFactory drpcClients();

    /**
     * Local MS registration (SPEC-SYSTEM §1.5 step 2): add or update the member (Unknown at spawn,
     * Started once its engine is set up).
     */
    void memberRegistered(Member member);

    /** An instance with a known rank changed state (its process exited: Stopped). */
    void memberState(Rank rank, MemberState state);

    /** A fatal harness error: the server must stop. */
    void fatal(String message);

    /**
     * The SCM format check (SPEC-SERVER §4.5) when a storage provider is available; without one
     * the answer is false and the superblock file alone decides.
     */
    default boolean scmNeedsFormat(IOServerConfig config) throws Exception {
        return false;
    }

    /** Mounts formatted SCM before its superblock is read (nothing to do when mounted). */
    default void mountScm(IOServerConfig config) throws Exception {
    }

    /** Block-device preparation at every instance start (file class: backing files). */
    default void prepareBdevs(IOServerConfig config) throws Exception {
    }

    /** (Re)writes {@code daos_nvme.conf} at every instance start. */
    default void writeNvmeConf(IOServerConfig config) throws Exception {
    }

    /** Free hugepage memory of the host in MiB ({@code /proc/meminfo}), for {@code -r}. */
    default long freeHugepageMB() throws Exception {
        return 0;
    }
}
