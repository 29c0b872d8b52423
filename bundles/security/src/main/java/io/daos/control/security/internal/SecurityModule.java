package io.daos.control.security.internal;

import java.util.Objects;

import com.google.protobuf.InvalidProtocolBufferException;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcModule;
import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.proto.auth.ValidateCredReq;

/**
 * The security dRPC module (module 4, WIRE.md §4.7) that the I/O servers call on
 * {@code daos_server.sock} when a client connects to a pool: ValidateCredentials (401) hands the
 * credential to a {@link CredentialValidator} and answers SUCCESS with its
 * {@code auth.ValidateCredResp}, whatever the verdict (the verdict is the reply's status). A body
 * that is not a {@code ValidateCredReq} is answered FAILED_UNMARSHAL_PAYLOAD, any other method
 * UNKNOWN_METHOD.
 */
public final class SecurityModule implements DrpcModule {

    private final CredentialValidator validator;

    /** A module answering with {@code validator}'s verdicts. */
    public SecurityModule(CredentialValidator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    @Override
    public int moduleId() {
        return DrpcIds.MODULE_SEC;
    }

    @Override
    public byte[] handle(int method, byte[] body) throws DrpcException {
        if (method != DrpcIds.SEC_VALIDATE_CREDS) {
            throw new DrpcException(DrpcStatus.UNKNOWN_METHOD, "unknown security method " + method);
        }
        ValidateCredReq req;
        try {
            req = ValidateCredReq.parseFrom(body == null ? new byte[0] : body);
        } catch (InvalidProtocolBufferException e) {
            throw new DrpcException(DrpcStatus.FAILED_UNMARSHAL_PAYLOAD,
                    "unmarshal ValidateCredentials request: " + e.getMessage(), e);
        }
        return validator.validate(req).toByteArray();
    }
}
