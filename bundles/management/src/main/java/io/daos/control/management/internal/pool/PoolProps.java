package io.daos.control.management.internal.pool;

import java.util.Locale;

import io.daos.control.api.grpc.Bounds;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.proto.mgmt.PoolSetPropReq;
import io.daos.control.proto.mgmt.PoolSetPropResp;

/**
 * PoolSetProp's conversions (SPEC-SYSTEM §4.4.4): {@link #toDrpc} turns dmg's request (property by
 * name, value as text) into the data plane's (property and value by number), and
 * {@link #fromDrpc} checks the data plane's reply against what was sent and gives dmg back the
 * name and text it asked with. As in the reference, only the {@code reclaim} property is
 * handled; every other name (label, space_rb, self_heal among them) is refused.
 */
public final class PoolProps {

    /** Pool property numbers of the data plane (DAOS_PROP_PO_*). */
    public static final int PROP_LABEL = 1;
    /** ACL. */
    public static final int PROP_ACL = 2;
    /** Reserved rebuild space. */
    public static final int PROP_SPACE_RB = 3;
    /** Self healing. */
    public static final int PROP_SELF_HEAL = 4;
    /** Space reclaim. */
    public static final int PROP_RECLAIM = 5;
    /** Owner user. */
    public static final int PROP_OWNER = 6;
    /** Owner group. */
    public static final int PROP_OWNER_GROUP = 7;
    /** Service replica list. */
    public static final int PROP_SVC_LIST = 8;

    /** Reclaim values (DAOS_RECLAIM_*). */
    public static final long RECLAIM_DISABLED = 0;
    /** Lazy reclaim. */
    public static final long RECLAIM_LAZY = 1;
    /** Snapshot reclaim (not settable by name). */
    public static final long RECLAIM_SNAPSHOT = 2;
    /** Batch reclaim (not settable by name). */
    public static final long RECLAIM_BATCH = 3;
    /** Time reclaim. */
    public static final long RECLAIM_TIME = 4;

    private PoolProps() {
    }

    /**
     * The request forwarded to the data plane: {@code {uuid, number 5, numval <code>}}. The name,
     * trimmed and in any case, must be {@code reclaim}, else {@code unhandled pool property
     * "<name trimmed>"} (a request giving the property by number has no name, so it is refused
     * with {@code ""}). The value is read from the text form only, trimmed and in any case:
     * {@code disabled}, {@code lazy} or {@code time}, else {@code unhandled reclaim type
     * "<value trimmed>"} (a numeric value has no text: {@code ""}). Client values are quoted
     * with {@link Bounds#quote}.
     */
    public static PoolSetPropReq toDrpc(PoolSetPropReq req) {
        String name = req.getName().strip();
        if (!name.toLowerCase(Locale.ROOT).equals("reclaim")) {
            throw GrpcErrors.error("unhandled pool property " + Bounds.quote(name));
        }
        String type = req.getStrval().strip();
        long code;
        switch (type.toLowerCase(Locale.ROOT)) {
            case "disabled":
                code = RECLAIM_DISABLED;
                break;
            case "lazy":
                code = RECLAIM_LAZY;
                break;
            case "time":
                code = RECLAIM_TIME;
                break;
            default:
                throw GrpcErrors.error("unhandled reclaim type " + Bounds.quote(type));
        }
        return PoolSetPropReq.newBuilder().setUuid(req.getUuid()).setNumber(PROP_RECLAIM).setNumval(code).build();
    }

    /**
     * The reply for dmg, given the original request, the converted one {@code sent} and the data
     * plane's {@code reply}. The reply's property number must be the one sent, else {@code
     * Response number doesn't match request (<got> != <sent>)}; this is also what a data-plane
     * error gives, its reply carrying number 0. When the request had a text value, the reply's
     * numeric value must be the one sent, else {@code Response value doesn't match request (<got>
     * != <sent>)}, and the text replaces it. The name of the request replaces the number. The
     * status is kept.
     */
    public static PoolSetPropResp fromDrpc(PoolSetPropReq req, PoolSetPropReq sent, PoolSetPropResp reply) {
        if (reply.getNumber() != sent.getNumber()) {
            throw GrpcErrors.error("Response number doesn't match request (" + Integer.toUnsignedString(reply.getNumber())
                    + " != " + Integer.toUnsignedString(sent.getNumber()) + ")");
        }
        PoolSetPropResp.Builder out = reply.toBuilder().setName(req.getName());
        if (!req.getStrval().isEmpty()) {
            if (reply.getNumval() != sent.getNumval()) {
                throw GrpcErrors.error("Response value doesn't match request (" + Long.toUnsignedString(reply.getNumval())
                        + " != " + Long.toUnsignedString(sent.getNumval()) + ")");
            }
            out.setStrval(req.getStrval());
        }
        return out.build();
    }
}
