package io.daos.control.harness.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.client.MgmtClient;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.net.HostPort;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.LeaderQueryReq;
import io.daos.control.proto.mgmt.LeaderQueryResp;

/**
 * The Join client (SPEC-SYSTEM §3.2, issue 12): the access points in configured order, the next
 * one at once after a failure, one pause and one warning per round that found none; with one
 * access point a pause after every failure. The pauses are counted by the fake owner, never slept.
 */
public class JoinClientTest {

    @Rule
    public Timeout timeout = Timeout.seconds(30);

    private static final HostPort A = HostPort.of("node-a", 10001);
    private static final HostPort B = HostPort.of("node-b", 10001);
    private static final HostPort C = HostPort.of("node-c", 10001);
    private static final JoinReq REQ = JoinReq.newBuilder().setUuid("u-1").setRank(-1).build();

    private final Scripted mgmt = new Scripted();
    private final Fixture.PausingOwner owner = new Fixture.PausingOwner();
    /** The number of Join calls made when each pause began. */
    private final List<Integer> callsAtPause = new ArrayList<>();
    /** The pause at which the harness closes. */
    private volatile int closeAt = Integer.MAX_VALUE;
    private final Fixture.LogCapture log = new Fixture.LogCapture(JoinClient.class);

    @After
    public void tearDown() {
        log.close();
    }

    /** Answers each access point from its script (a reply or an exception per call); the calls in order. */
    private static final class Scripted implements MgmtClient {
        final Map<HostPort, Deque<Object>> scripts = new HashMap<>();
        final List<HostPort> calls = Collections.synchronizedList(new ArrayList<>());
        /** When a script runs dry: this answer, again and again. */
        final Map<HostPort, Object> otherwise = new HashMap<>();

        void script(HostPort ap, Object... answers) {
            scripts.computeIfAbsent(ap, k -> new ArrayDeque<>()).addAll(List.of(answers));
        }

        @Override
        public JoinResp join(HostPort ap, JoinReq request, Duration timeout) throws ClientException {
            assertEquals(REQ, request);
            assertEquals(JoinClient.JOIN_TIMEOUT, timeout);
            calls.add(ap);
            Deque<Object> q = scripts.get(ap);
            Object a = q == null || q.isEmpty() ? otherwise.get(ap) : q.poll();
            if (a instanceof ClientException e) {
                throw e;
            }
            if (a instanceof RuntimeException e) {
                throw e;
            }
            if (a == null) {
                throw new AssertionError("no answer scripted for " + ap);
            }
            return (JoinResp) a;
        }

        @Override
        public LeaderQueryResp leaderQuery(HostPort ap, LeaderQueryReq request, Duration timeout) {
            throw new AssertionError("not used by Join");
        }

        @Override
        public void forget(HostPort host) {
        }
    }

    private static JoinResp status(int s) {
        return JoinResp.newBuilder().setStatus(s).setRank(s == 0 ? 5 : 0).setState(JoinResp.State.IN).build();
    }

    private static ClientException unreachable(HostPort ap) {
        return new ClientException(ClientException.Kind.UNREACHABLE, "connection refused by " + ap, null);
    }

    /** A configuration that answers only access_points and port. */
    private static ServerConfig config(String... aps) {
        return (ServerConfig) Proxy.newProxyInstance(ServerConfig.class.getClassLoader(),
                new Class<?>[] {ServerConfig.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "accessPoints" -> List.of(aps);
                    case "port" -> 10001;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Before
    public void setUp() {
        owner.onPause = () -> {
            callsAtPause.add(mgmt.calls.size());
            owner.closed = owner.pauses.get() >= closeAt;
        };
    }

    private JoinClient client(String... aps) {
        Fixture.Hooks hooks = new Fixture.Hooks();
        hooks.mgmt = mgmt;
        return new JoinClient(0, new AccessPoints(config(aps)), hooks, owner);
    }

    private List<String> warnings() {
        return log.messages();
    }

    @Test
    public void aFailureMovesOnToTheNextAccessPointAtOnce() throws Exception {
        mgmt.script(A, unreachable(A));
        mgmt.script(B, status(-2008));
        mgmt.script(C, status(0));
        JoinResp resp = client("node-a", "node-b:10001", "node-c").join(REQ);
        assertEquals(5, resp.getRank());
        assertEquals(List.of(A, B, C), mgmt.calls);
        assertEquals(0, owner.pauses.get());
        assertEquals(List.of(), warnings());
    }

    @Test
    public void aRefusedAndANotLeaderAnswerCostOneRoundThenTheSecondAccessPointAccepts() throws Exception {
        mgmt.script(A, unreachable(A), unreachable(A));
        mgmt.script(B, status(-2008), status(0));
        JoinResp resp = client("node-a", "node-b").join(REQ);
        assertEquals(0, resp.getStatus());
        assertEquals(List.of(A, B, A, B), mgmt.calls);
        assertEquals(List.of(2), callsAtPause); // one pause, after the whole first round
        assertEquals(List.of("instance 0 Join: node-a:10001: connection refused by node-a:10001; "
                + "node-b:10001: status -2008; retrying in 3 s"), warnings());
    }

    @Test
    public void aRuntimeExceptionOrNoClientCountsAsAFailedCall() throws Exception {
        mgmt.script(A, new IllegalStateException("channel shut down"));
        mgmt.script(B, status(0));
        assertEquals(0, client("node-a", "node-b").join(REQ).getStatus());
        assertEquals(List.of(A, B), mgmt.calls);
        assertEquals(0, owner.pauses.get());

        Fixture.Hooks none = new Fixture.Hooks();
        none.mgmt = null;
        closeAt = 1;
        JoinClient noClient = new JoinClient(1, new AccessPoints(config("node-a", "node-b")), none, owner);
        assertThrows(HarnessClosed.class, () -> noClient.join(REQ));
        assertEquals(1, owner.pauses.get());
        String w = warnings().get(0);
        assertTrue(w, w.startsWith("instance 1 Join: node-a:10001: no management client"));
        assertTrue(w, w.contains("; node-b:10001: no management client"));
    }

    @Test
    public void whenEveryAccessPointFailsThereIsExactlyOnePauseAndOneWarningPerRound() throws Exception {
        mgmt.otherwise.put(A, unreachable(A));
        mgmt.otherwise.put(B, status(-2008));
        mgmt.otherwise.put(C, new ClientException(ClientException.Kind.FAILED, "deadline exceeded", null));
        closeAt = 4;
        assertThrows(HarnessClosed.class, () -> client("node-a", "node-b", "node-c").join(REQ));
        assertEquals(List.of(3, 6, 9, 12), callsAtPause);
        assertEquals(List.of(A, B, C, A, B, C, A, B, C, A, B, C), mgmt.calls);
        assertEquals(4, warnings().size());
        for (String w : warnings()) {
            assertEquals("instance 0 Join: node-a:10001: connection refused by node-a:10001; node-b:10001: "
                    + "status -2008; node-c:10001: deadline exceeded; retrying in 3 s", w);
        }
    }

    @Test
    public void withOneAccessPointEveryFailureIsFollowedByAPauseAsBefore() throws Exception {
        mgmt.script(A, status(-1), unreachable(A), status(0));
        assertEquals(0, client("node-a").join(REQ).getStatus());
        assertEquals(List.of(A, A, A), mgmt.calls);
        assertEquals(List.of(1, 2), callsAtPause);
        assertEquals(List.of("instance 0 Join: status -1; retrying in 3 s",
                "instance 0 Join: connection refused by node-a:10001; retrying in 3 s"), warnings());
    }

    @Test
    public void aClosedHarnessCallsNoAccessPointAndNoAccessPointsIsFatal() throws Exception {
        owner.closed = true;
        assertThrows(HarnessClosed.class, () -> client("node-a", "node-b").join(REQ));
        assertEquals(List.of(), mgmt.calls);
        owner.closed = false;
        assertEquals("no access points defined",
                assertThrows(Fatal.class, () -> client().join(REQ)).getMessage());
    }
}
