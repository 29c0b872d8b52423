package io.daos.control.management.internal.db;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.Test;

import io.daos.control.api.system.MemberState;

/** Every command survives its encoding; bad bytes are refused with a message, never a crash. */
public class CommandTest {

    private static final UUID U = UUID.fromString("a106d667-5c5d-4d6f-ac3a-89099196c41a");

    static final List<Command> ALL = List.of(
            new Command.Bootstrap(U, 0, "10.0.0.1:10001", "ofi+sockets://10.0.0.1:31416", 2),
            new Command.Join(U, SystemDb.NIL_RANK, "0.0.0.0:10001", "ofi+verbs;ofi_rxm://ü:1", -1),
            new Command.Join(U, SystemDb.MAX_RANK, "", "", Integer.MAX_VALUE),
            new Command.UpdateState(7, MemberState.UNRESPONSIVE, "ping timed out"),
            new Command.UpdateStates(List.of(new Command.UpdateState(0, MemberState.STOPPED, ""),
                    new Command.UpdateState(SystemDb.MAX_RANK, MemberState.UNRESPONSIVE, "host 10.0.0.9:10001: hung"),
                    new Command.UpdateState(0, MemberState.ERRORED, "twice: applied in order"))),
            new Command.UpdateStates(List.of()),
            new Command.PoolCreateBegin(U, List.of(0L, 3L, SystemDb.MAX_RANK), Long.MAX_VALUE, 0),
            new Command.PoolCreateBegin(U, List.of(0L, 3L, 4L), 1, 2, List.of(3L, 4L)),
            new Command.PoolReady(U, List.of(3L)),
            new Command.PoolDestroyBegin(U),
            new Command.PoolRemove(U));

    @Test
    public void everyCommandRoundTrips() {
        for (Command c : ALL) {
            byte[] bytes = c.encode();
            assertEquals(Command.VERSION, bytes[0]);
            assertEquals(c, Command.decode(bytes));
        }
    }

    @Test
    public void createBeginWithoutReplicasKeepsTheFirstEncoding() {
        // what the code before planned replicas wrote: version 1, tag 4, uuid, targets, sizes
        byte[] first = Codec.encode(out -> {
            out.writeByte(1);
            out.writeByte(4);
            Codec.uuid(out, U);
            Codec.ranks(out, List.of(1L, 2L));
            out.writeLong(5);
            out.writeLong(6);
        });
        Command.PoolCreateBegin c = new Command.PoolCreateBegin(U, List.of(1L, 2L), 5, 6);
        assertEquals(c, Command.decode(first));
        assertEquals(List.of(), c.replicas());
        assertTrue(Arrays.equals(first, c.encode()));
    }

    @Test
    public void updateStateKeepsItsEncodingBesideTheManyRankOne() {
        // what the code before UpdateStates wrote for one rank: version 1, tag 3, rank, state, reason
        byte[] first = Codec.encode(out -> {
            out.writeByte(1);
            out.writeByte(3);
            Codec.rank(out, 7);
            out.writeByte(MemberState.STOPPED.code());
            out.writeUTF("why");
        });
        Command.UpdateState c = new Command.UpdateState(7, MemberState.STOPPED, "why");
        assertEquals(c, Command.decode(first));
        assertTrue(Arrays.equals(first, c.encode()));
        byte[] many = new Command.UpdateStates(List.of(c)).encode();
        assertEquals("a new tag", 9, many[1]);
        assertEquals(c, ((Command.UpdateStates) Command.decode(many)).changes().get(0));
    }

    @Test
    public void aStageOfTwoThousandRanksIsOneSmallCommand() {
        List<Command.UpdateState> changes = new java.util.ArrayList<>();
        for (int r = 0; r < 2000; r++) {
            changes.add(new Command.UpdateState(r, MemberState.STOPPED, ""));
        }
        byte[] bytes = new Command.UpdateStates(changes).encode();
        assertEquals("version, tag, count, 7 bytes a rank", 6 + 2000 * 7, bytes.length);
        assertEquals(new Command.UpdateStates(changes), Command.decode(bytes));
    }

    @Test
    public void anUpdateStatesCountBeyondItsBytesIsRefused() {
        byte[] bytes = new Command.UpdateStates(List.of(new Command.UpdateState(1, MemberState.STOPPED, ""))).encode();
        bytes[5] = 2; // count 2, one change follows
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Command.decode(bytes)).getMessage()
                .contains("exceeds"));
    }

    @Test
    public void everyStateRoundTrips() {
        for (MemberState s : MemberState.values()) {
            Command c = new Command.UpdateState(1, s, "");
            assertEquals(c, Command.decode(c.encode()));
        }
    }

    @Test
    public void everyTruncationIsRefused() {
        for (Command c : ALL) {
            byte[] bytes = c.encode();
            for (int len = 0; len < bytes.length; len++) {
                byte[] cut = Arrays.copyOf(bytes, len);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Command.decode(cut));
                assertTrue(e.getMessage(), e.getMessage().startsWith("command: "));
            }
        }
    }

    @Test
    public void trailingBytesAreRefused() {
        byte[] bytes = Arrays.copyOf(new Command.PoolRemove(U).encode(), 19);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Command.decode(bytes)).getMessage()
                .contains("trailing"));
    }

    @Test
    public void unknownVersionTagOrStateIsRefused() {
        byte[] version = new Command.PoolRemove(U).encode();
        version[0] = 2;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Command.decode(version)).getMessage()
                .contains("unknown version 2"));
        byte[] tag = new Command.PoolRemove(U).encode();
        tag[1] = 99;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Command.decode(tag)).getMessage()
                .contains("unknown tag 99"));
        byte[] state = new Command.UpdateState(1, MemberState.STARTED, "").encode();
        state[6] = 7;
        assertThrows(IllegalArgumentException.class, () -> Command.decode(state));
    }

    @Test
    public void aHugeListCountIsRefusedWithoutAllocating() {
        byte[] bytes = new Command.PoolReady(U, List.of()).encode();
        bytes[18] = 0x7f; // count = 0x7f000000
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Command.decode(bytes)).getMessage()
                .contains("exceeds"));
    }

    @Test
    public void listsAreCopied() {
        java.util.ArrayList<Long> ranks = new java.util.ArrayList<>(List.of(1L));
        Command.PoolReady c = new Command.PoolReady(U, ranks);
        ranks.add(2L);
        assertEquals(List.of(1L), c.svcRanks());
    }
}
