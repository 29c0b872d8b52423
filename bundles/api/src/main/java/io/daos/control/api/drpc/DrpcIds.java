package io.daos.control.api.drpc;

/**
 * dRPC module and method ids (WIRE.md §4.6, §4.7) and the message size limit (§4.1).
 * Method constants are prefixed with their module.
 */
public final class DrpcIds {

    /** Maximum size in bytes of one serialized Call or Response (one packet). */
    public static final int MAX_MSG_SIZE = 16384;

    /** Module 0: tests only. */
    public static final int MODULE_TEST = 0;
    /** Module 1: security agent (served by daos_agent). */
    public static final int MODULE_SEC_AGENT = 1;
    /** Module 2: management (I/O server; the control server answers every method UNKNOWN_METHOD). */
    public static final int MODULE_MGMT = 2;
    /** Module 3: I/O server to control server notifications. */
    public static final int MODULE_SRV = 3;
    /** Module 4: credential validation for the I/O server. */
    public static final int MODULE_SEC = 4;
    /** One past the last module id ({@code NUM_DRPC_MODULES}). */
    public static final int NUM_MODULES = 5;

    /** Module 0: {@code hello.Hello} to {@code hello.HelloResponse}. */
    public static final int TEST_GREETING = 0;

    /** Module 1: {@code auth.GetCredResp}, no request body. */
    public static final int SEC_AGENT_REQUEST_CREDS = 101;

    /** Module 2: implemented by nobody (answers UNKNOWN_METHOD). */
    public static final int MGMT_KILL_RANK = 201;
    /** Module 2: {@code SetRankReq} to {@code DaosResp}. */
    public static final int MGMT_SET_RANK = 202;
    /** Module 2: {@code CreateMsReq} to {@code DaosResp}. */
    public static final int MGMT_CREATE_MS = 203;
    /** Module 2: no body to {@code DaosResp}. */
    public static final int MGMT_START_MS = 204;
    /** Module 2: {@code JoinReq} to {@code JoinResp}. */
    public static final int MGMT_JOIN = 205;
    /** Module 2: {@code GetAttachInfoReq} to {@code GetAttachInfoResp}. */
    public static final int MGMT_GET_ATTACH_INFO = 206;
    /** Module 2: {@code PoolCreateReq} to {@code PoolCreateResp}. */
    public static final int MGMT_POOL_CREATE = 207;
    /** Module 2: {@code PoolDestroyReq} to {@code PoolDestroyResp}. */
    public static final int MGMT_POOL_DESTROY = 208;
    /** Module 2: no body to {@code DaosResp}. */
    public static final int MGMT_SET_UP = 209;
    /** Module 2: {@code BioHealthReq} to {@code BioHealthResp}. */
    public static final int MGMT_BIO_HEALTH_QUERY = 210;
    /** Module 2: {@code SmdDevReq} to {@code SmdDevResp}. */
    public static final int MGMT_SMD_LIST_DEVS = 211;
    /** Module 2: {@code SmdPoolReq} to {@code SmdPoolResp}. */
    public static final int MGMT_SMD_LIST_POOLS = 212;
    /** Module 2: {@code GetACLReq} to {@code ACLResp}. */
    public static final int MGMT_POOL_GET_ACL = 213;
    /** Module 2: {@code ListPoolsReq} to {@code ListPoolsResp}. */
    public static final int MGMT_LIST_POOLS = 214;
    /** Module 2: {@code ModifyACLReq} to {@code ACLResp}. */
    public static final int MGMT_POOL_OVERWRITE_ACL = 215;
    /** Module 2: {@code ModifyACLReq} to {@code ACLResp}. */
    public static final int MGMT_POOL_UPDATE_ACL = 216;
    /** Module 2: {@code DeleteACLReq} to {@code ACLResp}. */
    public static final int MGMT_POOL_DELETE_ACL = 217;
    /** Module 2: {@code PrepShutdownReq} (sent empty) to {@code DaosResp}. */
    public static final int MGMT_PREP_SHUTDOWN = 218;
    /** Module 2: {@code DevStateReq} to {@code DevStateResp}. */
    public static final int MGMT_DEV_STATE_QUERY = 219;
    /** Module 2: {@code DevStateReq} to {@code DevStateResp}. */
    public static final int MGMT_DEV_SET_FAULTY = 220;
    /** Module 2: {@code ListContReq} to {@code ListContResp}. */
    public static final int MGMT_LIST_CONTAINERS = 221;
    /** Module 2: {@code PoolQueryReq} to {@code PoolQueryResp}. */
    public static final int MGMT_POOL_QUERY = 222;
    /** Module 2: {@code PoolSetPropReq} to {@code PoolSetPropResp}. */
    public static final int MGMT_POOL_SET_PROP = 223;
    /** Module 2: {@code PingRankReq} (sent empty) to {@code DaosResp}. */
    public static final int MGMT_PING_RANK = 224;
    /** One past the last module-2 method id ({@code NUM_DRPC_MGMT_METHODS}). */
    public static final int NUM_MGMT_METHODS = 225;

    /** Module 3: {@code srv.NotifyReadyReq}, empty reply. */
    public static final int SRV_NOTIFY_READY = 301;
    /** Module 3: {@code srv.BioErrorReq}, empty reply. */
    public static final int SRV_BIO_ERR = 302;
    /** One past the last module-3 method id ({@code NUM_DRPC_SRV_METHODS}). */
    public static final int NUM_SRV_METHODS = 303;

    /** Module 4: {@code auth.ValidateCredReq} to {@code auth.ValidateCredResp}. */
    public static final int SEC_VALIDATE_CREDS = 401;
    /** One past the last module-4 method id ({@code NUM_DRPC_SEC_METHODS}). */
    public static final int NUM_SEC_METHODS = 402;

    private DrpcIds() {
    }
}
