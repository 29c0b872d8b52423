package io.daos.control.engine;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;

/** One method of module 2: the request body (never null, maybe empty) in, the reply message out. */
@FunctionalInterface
interface MgmtHandler {
    /**
     * Answers one call. An undecodable body is an {@link InvalidProtocolBufferException}
     * (FAILED_UNMARSHAL_PAYLOAD); any other dRPC-level outcome is a {@link DrpcFailure}.
     */
    MessageLite handle(byte[] body) throws InvalidProtocolBufferException, DrpcFailure;
}
