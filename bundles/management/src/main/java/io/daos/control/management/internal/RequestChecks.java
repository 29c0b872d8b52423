package io.daos.control.management.internal;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.grpc.Bounds;
import io.daos.control.api.grpc.ClientValues;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.LeaderQueryReq;

/**
 * The edge checks of Join and LeaderQuery (issue 10), called first by {@link MgmtService}: a string
 * over its bound is {@code INVALID_ARGUMENT} naming the field and quoting a short prefix
 * ({@link Bounds}). Within the bounds the reference's own answers stay: a LeaderQuery for another
 * system is the "wrong system" error, and what the data plane refuses in a Join (SPEC-SYSTEM §1.6:
 * a uuid that does not parse, an addr or uri of 128 characters or more) is answered here with the
 * data plane's reply, status {@value Der#INVAL}, without forwarding it to the engine. rank (nil
 * rank included) and nctxs take any value, as in the reference. The limits are listed in
 * docs/limits.md.
 */
final class RequestChecks {

    /** The data plane takes an addr or uri of fewer characters than this (SPEC-SYSTEM §1.6). */
    static final int JOIN_STRING = 128;

    /** A UUID as libuuid's {@code uuid_parse} reads it: 36 characters, dashes at 8, 13, 18, 23. */
    private static final Pattern LIBUUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private RequestChecks() {
    }

    /** Join: uuid a name, uri and addr addresses ({@link Bounds#NAME}, {@link Bounds#ADDRESS}). */
    static JoinReq join(JoinReq req) {
        Bounds.string("uuid", req.getUuid(), Bounds.NAME);
        Bounds.string("uri", req.getUri(), Bounds.ADDRESS);
        Bounds.string("addr", req.getAddr(), Bounds.ADDRESS);
        return req;
    }

    /**
     * The data plane's reply to a Join it would refuse (status {@value Der#INVAL}), empty when
     * the request is one it takes.
     */
    static Optional<JoinResp> refusedByDataPlane(JoinReq req) {
        if (LIBUUID.matcher(req.getUuid()).matches() && req.getAddr().length() < JOIN_STRING
                && req.getUri().length() < JOIN_STRING) {
            return Optional.empty();
        }
        return Optional.of(JoinResp.newBuilder().setStatus(Der.INVAL).build());
    }

    /**
     * The UUID {@code text} names when libuuid's {@code uuid_parse} takes it (the data plane's
     * rule, SPEC-SYSTEM §4.2); empty when the data plane would answer {@value Der#INVAL}.
     */
    static Optional<UUID> libuuid(String text) {
        return text != null && LIBUUID.matcher(text).matches() ? Optional.of(UUID.fromString(text)) : Optional.empty();
    }

    /** LeaderQuery: system a name ({@link Bounds#NAME}). */
    static LeaderQueryReq leaderQuery(LeaderQueryReq req) {
        Bounds.string("system", req.getSystem(), Bounds.NAME);
        return req;
    }

    /**
     * {@code message} with {@code value}, and the part of it after its last colon (a port), each
     * shortened where it occurs ({@link ClientValues#shorten}): the
     * reference's address errors keep their form, a long value only its prefix.
     */
    static String shortened(String message, String value) {
        String out = message;
        String port = value.substring(value.lastIndexOf(':') + 1);
        for (String v : new String[] {value, port}) {
            String s = ClientValues.shorten(v);
            if (!s.equals(v)) {
                out = out.replace(v, s);
            }
        }
        return out;
    }
}
