package io.daos.control.drpc;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcModule;
import io.daos.control.api.drpc.DrpcStatus;

/** Modules with known behaviour for the tests (the fuzz test computes expectations from these rules). */
final class TestModules {

    /** The test module id. */
    static final int MODULE = 7;
    static final int ECHO = 1;
    static final int FAIL = 2;
    static final int MARSHAL = 3;
    /** FAILED_UNMARSHAL_PAYLOAD unless the body starts with byte 'h'. */
    static final int PAYLOAD = 4;
    static final int THROW_RUNTIME = 5;
    /** Returns a reply too large for one packet. */
    static final int HUGE = 6;
    /** Blocks until {@link #release} counts down. */
    static final int BLOCK = 8;
    /** Returns the body with "Hello " prepended. */
    static final int GREET = 9;

    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch blocked = new CountDownLatch(1);
    final Map<Integer, DrpcModule> registry = new ConcurrentHashMap<>();

    TestModules() {
        registry.put(MODULE, new DrpcModule() {
            @Override
            public int moduleId() {
                return MODULE;
            }

            @Override
            public byte[] handle(int method, byte[] body) throws DrpcException {
                switch (method) {
                case ECHO:
                    return body;
                case FAIL:
                    throw new DrpcException(DrpcStatus.FAILURE, "asked to fail");
                case MARSHAL:
                    throw new DrpcException(DrpcStatus.FAILED_MARSHAL, "asked to fail marshalling");
                case PAYLOAD:
                    if (body.length == 0 || body[0] != 'h') {
                        throw new DrpcException(DrpcStatus.FAILED_UNMARSHAL_PAYLOAD, "bad payload");
                    }
                    return new byte[0];
                case THROW_RUNTIME:
                    throw new IllegalStateException("handler bug");
                case HUGE:
                    return new byte[20000];
                case BLOCK:
                    blocked.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new byte[0];
                case GREET:
                    return expectedBody(GREET, body);
                default:
                    throw new DrpcException(DrpcStatus.UNKNOWN_METHOD, "unknown method " + method);
                }
            }
        });
    }

    Function<Integer, DrpcModule> lookup() {
        return registry::get;
    }

    /** The SUCCESS body the rules above give (only meaningful when {@link #expected} is SUCCESS). */
    static byte[] expectedBody(int method, byte[] body) {
        switch (method) {
        case ECHO:
            return body;
        case GREET:
            byte[] hello = "Hello ".getBytes(StandardCharsets.UTF_8);
            byte[] out = java.util.Arrays.copyOf(hello, hello.length + body.length);
            System.arraycopy(body, 0, out, hello.length, body.length);
            return out;
        default:
            return new byte[0];
        }
    }

    /** The status the rules above give a well-formed call. */
    static DrpcStatus expected(int module, int method, byte[] body) {
        if (module != MODULE) {
            return DrpcStatus.UNKNOWN_MODULE;
        }
        switch (method) {
        case ECHO:
        case GREET:
            return DrpcStatus.SUCCESS;
        case FAIL:
        case THROW_RUNTIME:
            return DrpcStatus.FAILURE;
        case MARSHAL:
        case HUGE:
            return DrpcStatus.FAILED_MARSHAL;
        case PAYLOAD:
            return body.length > 0 && body[0] == 'h' ? DrpcStatus.SUCCESS : DrpcStatus.FAILED_UNMARSHAL_PAYLOAD;
        case BLOCK: // only once released
            return DrpcStatus.SUCCESS;
        default:
            return DrpcStatus.UNKNOWN_METHOD;
        }
    }
}
