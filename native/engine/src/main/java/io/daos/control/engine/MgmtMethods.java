package io.daos.control.engine;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The module-2 dispatch table: method id (a {@code DrpcIds.MGMT_*} constant) to its handler. Each
 * area of the emulated data plane adds its own methods; an id can be taken only once.
 */
final class MgmtMethods {
    private final Map<Integer, MgmtHandler> table = new TreeMap<>();

    /** Adds {@code handler} for {@code method}; a method already in the table is an error. */
    void add(int method, MgmtHandler handler) {
        if (table.putIfAbsent(method, handler) != null) {
            throw new IllegalStateException("mgmt method " + method + " is handled twice");
        }
    }

    /** Adds a handler that decodes the body with {@code parser} and answers with {@code fn}. */
    <Q> void add(int method, Parser<Q> parser, Function<Q, ? extends MessageLite> fn) {
        add(method, body -> fn.apply(parser.parseFrom(body)));
    }

    /** The handler of {@code method}, or null if nobody serves it. */
    MgmtHandler handler(int method) {
        return table.get(method);
    }

    /** The method ids in the table, in ascending order. */
    Iterable<Integer> methods() {
        return table.keySet();
    }
}
