package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.itest.support.TestFiles;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.ResponseStatus;
import io.daos.control.proto.ctl.ScmMountResult;
import io.daos.control.proto.ctl.StorageFormatReq;
import io.daos.control.proto.ctl.StorageFormatResp;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;

/**
 * ctl.MgmtCtl/StorageFormat against the assembled distribution: two I/O server instances (ram SCM
 * + file bdev each) waiting for format; one call formats both and streams exactly one reply. As
 * root the SCM is a real tmpfs of scm_size GiB (unmounted again by the test); otherwise the
 * development-mode directory. Prints the measured format time.
 */
public class FormatIT {

    private static final long START_MS = 60_000;

    @ClassRule
    public static final DistRule DIST = new DistRule("e2e-format");

    @Rule
    public final WorkRule workRule = new WorkRule(DIST, "e2e-format-work");

    private Path work;
    private int port;
    private ServerProcess server;
    private ManagedChannel channel;

    @Before
    public void setUp() throws Exception {
        NodeSupport node = workRule.node(true); // two ram instances with a 1 GB file bdev each
        work = node.work;
        port = node.port;
    }

    @Test
    public void formatsTwoWaitingInstancesInOneReply() throws Exception {
        server = workRule.start("start", "-o", work.resolve("daos_server.yml").toString());
        assertEquals(port, server.awaitListening(START_MS));
        channel = workRule.channel(port);
        // connect first, so that the measured time is the format call alone
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance()).getStatus());

        long t0 = System.nanoTime();
        List<StorageFormatResp> replies = new ArrayList<>();
        MgmtCtlGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS)
                .storageFormat(StorageFormatReq.newBuilder().setReformat(false).build())
                .forEachRemaining(replies::add);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertEquals("exactly one StorageFormatResp", 1, replies.size());
        StorageFormatResp r = replies.get(0);
        assertEquals(2, r.getMretsCount());
        for (int i = 0; i < 2; i++) {
            ScmMountResult m = r.getMrets(i);
            assertEquals(work.resolve("scm" + i).toString(), m.getMntpoint());
            assertEquals(m.toString(), ResponseStatus.CTL_SUCCESS, m.getState().getStatus());
            assertEquals(work.resolve("bdev" + i + ".img").toString(), r.getCrets(i).getPciaddr());
            assertEquals(ResponseStatus.CTL_SUCCESS, r.getCrets(i).getState().getStatus());
            Path scm = work.resolve("scm" + i);
            if ("0".equals(uid())) {
                assertTrue(scm + " is mounted", TestFiles.isMountPoint(scm));
                assertEquals("tmpfs", Files.getFileStore(scm).type());
                assertEquals(1L << 30, Files.getFileStore(scm).getTotalSpace());
            } else {
                assertTrue(Files.exists(scm.resolve(".daos_control_unmanaged_scm")));
            }
        }
        assertEquals(2, r.getCretsCount());
        System.out.println("FormatIT: StorageFormat of 2 instances (ram 1 GiB + file 1 GB each) took " + ms + " ms");
    }

    private static String uid() throws Exception {
        return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }
}
