package io.daos.control.api.grpc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Collections;
import java.util.List;

import org.junit.Test;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

public class BoundsTest {

    @Test
    public void aLongStringIsRefusedNamingTheFieldAndQuotingOnlyAPrefix() {
        String huge = "x".repeat(1_000_000);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> Bounds.string("system", huge, 255));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        String msg = e.getStatus().getDescription();
        assertTrue(msg, msg.startsWith("system: too long (1000000 characters, at most 255): \"xxxx"));
        assertTrue(msg, msg.length() < 200);
        assertSame("ok", Bounds.string("system", "ok", 2));
    }

    @Test
    public void quoteEscapesControlCharactersAndNotesTheLength() {
        assertEquals("\"a\\x0ab\\x22\"", Bounds.quote("a\nb\""));
        assertEquals("\"" + "y".repeat(Bounds.QUOTED) + "\"... (41 characters)", Bounds.quote("y".repeat(41)));
        assertEquals("null", Bounds.quote(null));
    }

    @Test
    public void listsAndRangesAreBounded() {
        List<Integer> many = Collections.nCopies(5, 1);
        assertSame(many, Bounds.list("ranks", many, 5));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> Bounds.list("ranks", many, 4));
        assertEquals("ranks: too many entries (5, at most 4)", e.getStatus().getDescription());
        assertEquals(7, Bounds.range("port", 7, 1, 65535));
        e = assertThrows(StatusRuntimeException.class, () -> Bounds.range("port", 70000, 1, 65535));
        assertEquals("port: 70000 is out of range (1 to 65535)", e.getStatus().getDescription());
    }

    @Test
    public void posixNames() {
        assertEquals("daos_server", Bounds.posixName("targetuser", "daos_server"));
        assertEquals("", Bounds.posixName("targetuser", ""));
        assertTrue(Bounds.isPosixName("machine$"));
        assertFalse(Bounds.isPosixName("-rf"));
        assertFalse(Bounds.isPosixName("1abc"));
        assertFalse(Bounds.isPosixName("a b"));
        assertFalse(Bounds.isPosixName("a".repeat(33)));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> Bounds.posixName("targetuser", "root;rm"));
        assertEquals("targetuser: not a valid user or group name: \"root;rm\"", e.getStatus().getDescription());
        e = assertThrows(StatusRuntimeException.class, () -> Bounds.posixName("targetuser", "u".repeat(1 << 20)));
        assertTrue(e.getStatus().getDescription().startsWith("targetuser: too long (1048576 characters, at most 32)"));
    }
}
