package io.daos.control.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.proto.auth.Credential;
import io.daos.control.proto.auth.ValidateCredReq;
import io.daos.control.proto.auth.ValidateCredResp;

/** The security dRPC module (4): method 401 to the validator, dRPC statuses otherwise (§7.3 item 33). */
public class SecurityModuleTest {

    private final SecurityModule module = new SecurityModule(CredentialValidator.insecure());

    private ValidateCredResp call(byte[] body) throws Exception {
        return ValidateCredResp.parseFrom(module.handle(DrpcIds.SEC_VALIDATE_CREDS, body));
    }

    @Test
    public void servesModuleFour() {
        assertEquals(4, module.moduleId());
    }

    @Test
    public void validateCredentialsAnswersTheValidatorsVerdict() throws Exception {
        Credential cred = CredTestKeys.digested(CredTestKeys.token("alice"));
        ValidateCredResp ok = call(ValidateCredReq.newBuilder().setCred(cred).build().toByteArray());
        assertEquals(Der.SUCCESS, ok.getStatus());
        assertEquals(cred.getToken(), ok.getToken());

        Credential wrong = CredTestKeys.credential(cred.getToken(), new byte[64], "agent");
        ValidateCredResp refused = call(ValidateCredReq.newBuilder().setCred(wrong).build().toByteArray());
        assertEquals(Der.NO_PERM, refused.getStatus());
        assertFalse(refused.hasToken());
    }

    @Test
    public void emptyBodyIsARequestWithoutCredential() throws Exception {
        assertEquals(Der.INVAL, call(new byte[0]).getStatus());
    }

    @Test
    public void unknownMethodIsUnknownMethod() {
        for (int method : new int[] {0, 400, DrpcIds.NUM_SEC_METHODS, DrpcIds.SRV_NOTIFY_READY}) {
            DrpcException e = assertThrows(DrpcException.class,
                    () -> module.handle(method, ValidateCredReq.getDefaultInstance().toByteArray()));
            assertEquals(DrpcStatus.UNKNOWN_METHOD, e.status());
        }
    }

    @Test
    public void junkBodyIsFailedUnmarshalPayload() {
        // field 1 (cred) announces 5 bytes and brings 1; then a varint that never ends
        for (byte[] junk : new byte[][] {{0x0a, 0x05, 0x01}, {(byte) 0xff, (byte) 0xff, (byte) 0xff}}) {
            DrpcException e = assertThrows(DrpcException.class, () -> module.handle(DrpcIds.SEC_VALIDATE_CREDS, junk));
            assertEquals(DrpcStatus.FAILED_UNMARSHAL_PAYLOAD, e.status());
        }
    }
}
