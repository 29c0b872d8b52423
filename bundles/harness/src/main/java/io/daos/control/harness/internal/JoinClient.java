package io.daos.control.harness.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.client.MgmtClient;
import io.daos.control.api.net.HostPort;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;

/**
 * The Join client of one instance (SPEC-SYSTEM §1.6 caller side, §3.2): the access points are
 * tried in configured order, a failed call or a non-zero status moving on to the next one at
 * once; after a round in which none accepted the Join it pauses {@value #JOIN_RETRY_MS} ms
 * (through the owner, so that closing the harness ends the wait) and starts again from the first.
 * One warning per round names each access point's cause. With one access point this is the
 * reference's loop: that access point every {@value #JOIN_RETRY_MS} ms until it accepts. There is
 * no give-up; only the harness closing ends it.
 */
final class JoinClient {

    private static final Logger LOG = Logger.getLogger(JoinClient.class.getName());

    /** The pause after a round in which no access point accepted the Join. */
    static final long JOIN_RETRY_MS = 3_000;
    /** The timeout of one Join call. */
    static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    private final int index;
    private final AccessPoints accessPoints;
    private final HarnessHooks hooks;
    private final IOServerInstance.Owner owner;

    JoinClient(int index, AccessPoints accessPoints, HarnessHooks hooks, IOServerInstance.Owner owner) {
        this.index = index;
        this.accessPoints = accessPoints;
        this.hooks = hooks;
        this.owner = owner;
    }

    /**
     * Joins, round after round, until an access point answers status 0.
     *
     * @return the accepted reply (status 0)
     * @throws Fatal there are no access points, or one cannot be parsed
     * @throws HarnessClosed the harness closed meanwhile
     * @throws StartAborted StopRanks stopped an instance of this start meanwhile (its own process,
     *         or the one of the replica the Join needs: it can then never succeed)
     */
    JoinResp join(JoinReq req) throws Fatal, HarnessClosed, InterruptedException, StartAborted {
        List<HostPort> aps = accessPoints.all();
        List<String> causes = new ArrayList<>(aps.size());
        while (true) {
            causes.clear();
            for (HostPort ap : aps) {
                if (owner.isClosed()) {
                    throw new HarnessClosed();
                }
                owner.checkStart();
                String cause;
                try {
                    JoinResp resp = call(ap, req);
                    if (resp.getStatus() == 0) {
                        return resp;
                    }
                    cause = "status " + resp.getStatus();
                } catch (ClientException | RuntimeException e) {
                    cause = e.getMessage();
                }
                causes.add(aps.size() == 1 ? cause : ap + ": " + cause);
            }
            LOG.warning("instance " + index + " Join: " + String.join("; ", causes) + "; retrying in 3 s");
            owner.pause(JOIN_RETRY_MS);
        }
    }

    private JoinResp call(HostPort ap, JoinReq req) throws ClientException, InterruptedException {
        MgmtClient c = hooks.mgmtClient();
        if (c == null) {
            throw new ClientException(ClientException.Kind.UNREACHABLE,
                    "no management client (MgmtClient service) to reach access point " + ap, null);
        }
        return c.join(ap, req, JOIN_TIMEOUT);
    }
}
