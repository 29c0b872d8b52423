package io.daos.control.control.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.fail;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.google.rpc.ErrorInfo;

import io.daos.control.api.config.BdevClass;
import io.daos.control.api.config.TestConfig;
import io.daos.control.api.config.ScmClass;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.storage.FakeBdevProvider;
import io.daos.control.api.storage.FakeScmProvider;
import io.daos.control.api.storage.ScmProvider;
import io.daos.control.api.storage.StorageException;
import io.daos.control.proto.ctl.StorageFormatReq;
import io.daos.control.proto.ctl.StorageFormatResp;
import io.daos.control.proto.ctl.StorageScanReq;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** StorageFormat over a real in-process gRPC channel: exactly one message, then OK; errors as status. */
public class StorageFormatGrpcTest {

    private final FakeScmProvider scm = new FakeScmProvider();
    private final FakeBdevProvider bdev = new FakeBdevProvider();
    private final Fakes.FakeHarness harness = new Fakes.FakeHarness(2);
    private InProcessGrpc grpc;

    @Before
    public void setUp() throws Exception {
        StorageFormatter f = new StorageFormatter(Fakes.serverConfig(
                new TestConfig().set("scmClass", ScmClass.RAM).set("scmMount", "/mnt/daos0").set("scmSize", 1).build(),
                new TestConfig().set("index", 1).set("scmClass", ScmClass.RAM).set("scmMount", "/mnt/daos1")
                        .set("scmSize", 1).set("bdevClass", BdevClass.FILE).set("bdevList", List.of("/tmp/b0", "/tmp/b1"))
                        .build()), harness, () -> scm, () -> bdev);
        grpc = InProcessGrpc.start(StorageFormatComponent.definition(f));
    }

    @After
    public void tearDown() throws Exception {
        grpc.close();
    }

    @Test
    public void exactlyOneMessageThenOk() {
        Iterator<StorageFormatResp> it = grpc.stub()
                .storageFormat(StorageFormatReq.newBuilder().setReformat(false).build());
        List<StorageFormatResp> all = new ArrayList<>();
        it.forEachRemaining(all::add);
        assertEquals(1, all.size());
        StorageFormatResp r = all.get(0);
        assertEquals(2, r.getMretsCount());
        assertEquals("/mnt/daos0", r.getMrets(0).getMntpoint());
        assertEquals("/mnt/daos1", r.getMrets(1).getMntpoint());
        assertEquals(List.of("/tmp/b0", "/tmp/b1"), List.of(r.getCrets(0).getPciaddr(), r.getCrets(1).getPciaddr()));
        assertEquals(List.of(0, 1), harness.released);
    }

    @Test
    public void runningHarnessIsAStatusError() {
        harness.started = true;
        Iterator<StorageFormatResp> it = grpc.stub()
                .storageFormat(StorageFormatReq.newBuilder().setReformat(true).build());
        try {
            it.hasNext();
            fail("expected an error");
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
            assertEquals("cannot format storage with running I/O server instances", e.getStatus().getDescription());
        }
        assertFalse(harness.released.contains(0));
    }

    /** A provider bug (an unchecked exception) is UNKNOWN "formatting storage: <message>", as before. */
    @Test
    public void unexpectedProviderFailureIsUnknownWithContext() throws Exception {
        ScmProvider crashing = (ScmProvider) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ScmProvider.class}, (p, m, a) -> {
                    throw new IllegalStateException("provider exploded");
                });
        StorageFormatter f = new StorageFormatter(Fakes.serverConfig(new TestConfig().set("scmClass", ScmClass.RAM)
                .set("scmMount", "/mnt/daos0").set("scmSize", 1).build()), harness, () -> crashing, () -> bdev);
        try (InProcessGrpc own = InProcessGrpc.start(StorageFormatComponent.definition(f))) {
            own.stub().storageFormat(StorageFormatReq.newBuilder().setReformat(false).build()).hasNext();
            fail("expected an error");
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
            assertEquals("formatting storage: provider exploded", e.getStatus().getDescription());
        }
        assertEquals(List.of(), harness.released);
    }

    @Test
    public void aFaultIsInternalWithItsDetail() throws Exception {
        scm.checkError = new StorageException(Faults.SCM_FORMAT_MISSING_MOUNTPOINT);
        try {
            grpc.stub().storageFormat(StorageFormatReq.newBuilder().setReformat(false).build()).hasNext();
            fail("expected an error");
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
            assertEquals(Faults.SCM_FORMAT_MISSING_MOUNTPOINT.toString(), e.getStatus().getDescription());
            ErrorInfo info = StatusProto.fromThrowable(e).getDetails(0).unpack(ErrorInfo.class);
            assertEquals("proto.fault.Fault", info.getReason());
            assertEquals("213", info.getMetadataOrThrow("Code"));
        }
    }

    @Test
    public void otherMethodsAreNotServedHere() {
        try {
            grpc.stub().storageScan(StorageScanReq.getDefaultInstance());
            fail("expected UNIMPLEMENTED");
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
        }
    }
}
