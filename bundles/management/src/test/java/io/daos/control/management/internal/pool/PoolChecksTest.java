package io.daos.control.management.internal.pool;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import org.junit.Test;

import io.daos.control.api.fault.Fault;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

public class PoolChecksTest {

    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final IntSupplier EIGHT = () -> 8;
    private static final String NOT_AP = "instance is not an access point";

    private static PoolCreateReq create(long scm, long nvme) {
        return PoolCreateReq.newBuilder().setScmbytes(scm).setNvmebytes(nvme).setNumsvcreps(1).build();
    }

    private static StatusRuntimeException fails(Runnable r) {
        return assertThrows(StatusRuntimeException.class, r::run);
    }

    private static void assertError(String message, Runnable r) {
        StatusRuntimeException e = fails(r);
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        assertEquals(message, e.getStatus().getDescription());
    }

    private static Fault fault(Runnable r) {
        Optional<Fault> f = GrpcErrors.faultFrom(fails(r));
        assertTrue("a fault", f.isPresent());
        return f.get();
    }

    private static final Runnable SELECT_FAILS = () -> {
        throw GrpcErrors.error(NOT_AP);
    };

    private static IntSupplier notAnAccessPoint() {
        return () -> {
            SELECT_FAILS.run();
            return 8;
        };
    }

    @Test
    public void createNilRequestWinsOverTheInstanceSelection() {
        AtomicInteger selected = new AtomicInteger();
        assertError("nil request", () -> PoolChecks.create(null, () -> selected.incrementAndGet()));
        assertEquals(0, selected.get());
    }

    @Test
    public void createSelectionErrorWinsOverTheSizeChecks() {
        assertError(NOT_AP, () -> PoolChecks.create(create(0, 1), notAnAccessPoint()));
    }

    @Test
    public void createZeroTargetsWinsOverTheSizeChecks() {
        assertError("zero target count", () -> PoolChecks.create(create(0, 1), () -> 0));
    }

    @Test
    public void createLargeSizesPass() {
        PoolCreateReq req = create(100 * GIB, 10_000_000_000_000L);
        assertSame(req, PoolChecks.create(req, EIGHT));
    }

    @Test
    public void createExactMinimaPass() {
        PoolCreateReq req = create(16 * MIB * 8, GIB * 8);
        assertSame(req, PoolChecks.create(req, EIGHT));
    }

    @Test
    public void createScmOneByteShortIsFault644() {
        Fault f = fault(() -> PoolChecks.create(create(16 * MIB * 8 - 1, GIB * 8), EIGHT));
        assertEquals(Faults.CODE_SERVER_POOL_SCM_TOO_SMALL, f.code());
        assertEquals(Faults.DOMAIN_SERVER, f.domain());
        assertEquals("requested SCM capacity (128 MiB) is too small (min 128 MiB)", f.description());
        assertEquals("SCM capacity should be larger than 128 MiB", f.resolution());
    }

    @Test
    public void createScmShortWinsOverNvmeShort() {
        assertEquals(Faults.CODE_SERVER_POOL_SCM_TOO_SMALL, fault(() -> PoolChecks.create(create(1, 1), EIGHT)).code());
    }

    @Test
    public void createNvmeOneByteShortIsFault645() {
        Fault f = fault(() -> PoolChecks.create(create(16 * MIB * 8, GIB * 8 - 1), EIGHT));
        assertEquals(Faults.CODE_SERVER_POOL_NVME_TOO_SMALL, f.code());
        assertEquals("requested NVMe capacity (8.0 GiB) is too small (min 8.0 GiB)", f.description());
        assertEquals("NVMe capacity should be larger than 8.0 GiB", f.resolution());
    }

    @Test
    public void createNvmeZeroIsNotChecked() {
        PoolCreateReq req = create(16 * MIB, 0);
        assertSame(req, PoolChecks.create(req, () -> 1));
    }

    @Test
    public void createNvmeOneByteIsChecked() {
        assertEquals(Faults.CODE_SERVER_POOL_NVME_TOO_SMALL,
                fault(() -> PoolChecks.create(create(16 * MIB, 1), () -> 1)).code());
    }

    @Test
    public void createSizesAreUnsigned() {
        // 2^64 - 1 bytes (a uint64 the client may send) is large, not negative
        PoolCreateReq req = create(-1L, -1L);
        assertSame(req, PoolChecks.create(req, EIGHT));
    }

    @Test
    public void createMinimumScalesWithTargets() {
        Fault f = fault(() -> PoolChecks.create(create(16 * MIB, 0), () -> 2));
        assertEquals("requested SCM capacity (16 MiB) is too small (min 32 MiB)", f.description());
    }

    @Test
    public void destroyChecksInOrder() {
        AtomicInteger selected = new AtomicInteger();
        assertError("nil request", () -> PoolChecks.destroy(null, selected::incrementAndGet));
        assertError("nil UUID", () -> PoolChecks.destroy(PoolDestroyReq.getDefaultInstance(), SELECT_FAILS));
        assertEquals(0, selected.get());
        PoolDestroyReq ok = PoolDestroyReq.newBuilder().setUuid("not even a uuid").build();
        assertError(NOT_AP, () -> PoolChecks.destroy(ok, SELECT_FAILS));
        assertSame(ok, PoolChecks.destroy(ok, selected::incrementAndGet));
        assertEquals(1, selected.get());
    }

    @Test
    public void queryChecksInOrder() {
        AtomicInteger selected = new AtomicInteger();
        assertError("nil request", () -> PoolChecks.query(null, selected::incrementAndGet));
        assertEquals(0, selected.get());
        PoolQueryReq req = PoolQueryReq.newBuilder().setUuid("x").build();
        assertError(NOT_AP, () -> PoolChecks.query(req, SELECT_FAILS));
        assertSame(req, PoolChecks.query(req, selected::incrementAndGet));
        assertEquals(1, selected.get());
    }
}
