package io.daos.control.dmg.cmd.storage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.dmg.cli.CommandRegistry;
import io.daos.control.dmg.cli.Connector;
import io.daos.control.dmg.cli.Dmg;
import io.daos.control.dmg.cli.Output;
import io.daos.control.dmg.cli.Platform;
import io.daos.control.dmg.conn.Connections;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.NvmeController;
import io.daos.control.proto.ctl.ScanNvmeResp;
import io.daos.control.proto.ctl.ScanScmResp;
import io.daos.control.proto.ctl.ScmModule;
import io.daos.control.proto.ctl.StorageScanReq;
import io.daos.control.proto.ctl.StorageScanResp;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/** The storage commands against real loopback servers with canned replies. */
public class StorageCommandsTest {

    private final List<Server> servers = new ArrayList<>();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @After
    public void tearDown() throws Exception {
        for (Server s : servers) {
            s.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private String serve(String ip, MgmtCtlGrpc.MgmtCtlImplBase impl) throws Exception {
        Server s = NettyServerBuilder.forAddress(new InetSocketAddress(ip, 0)).directExecutor().addService(impl)
                .build().start();
        servers.add(s);
        return ip + ":" + s.getPort();
    }

    private static MgmtCtlGrpc.MgmtCtlImplBase scanning(StorageScanResp resp) {
        return new MgmtCtlGrpc.MgmtCtlImplBase() {
            @Override
            public void storageScan(StorageScanReq request, StreamObserver<StorageScanResp> out) {
                out.onNext(resp);
                out.onCompleted();
            }
        };
    }

    private int run(String... args) throws Exception {
        Output out = new Output(new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        java.nio.file.Path dir = Files.createTempDirectory("dmg-stor");
        Platform platform = new Platform(n -> null, dir, null, dir);
        Connector connector = (addresses, tls, proxy, o) -> Connections.open(addresses, null, Duration.ofSeconds(10));
        List<String> all = new ArrayList<>(List.of("-i"));
        all.addAll(Arrays.asList(args));
        return new Dmg(platform, out, (value, port) -> new ArrayList<>(List.of(value.split(","))), connector,
                StorageCommands.register(CommandRegistry.withVersion("t"))).run(all.toArray(String[]::new));
    }

    @Test
    public void scanGroupsEqualHostsAndAHostWithAnError() throws Exception {
        StorageScanResp ok = StorageScanResp.newBuilder()
                .setScm(ScanScmResp.newBuilder().addModules(ScmModule.newBuilder().setCapacity(1L << 30)))
                .setNvme(ScanNvmeResp.newBuilder().addCtrlrs(NvmeController.newBuilder().setPciaddr("0000:81:00.0")
                        .addNamespaces(NvmeController.Namespace.newBuilder().setSize(2_000_000_000_000L))))
                .build();
        String a = serve("127.0.0.1", scanning(ok));
        String b = serve("127.0.0.2", scanning(ok));
        String c = serve("127.0.0.3", scanning(ok));
        String bad = serve("127.0.0.4", new MgmtCtlGrpc.MgmtCtlImplBase() {
            @Override
            public void storageScan(StorageScanReq request, StreamObserver<StorageScanResp> out) {
                out.onError(GrpcErrors.error("scan failed"));
            }
        });
        int rc = run("-l", String.join(",", a, b, c, bad), "storage", "scan");
        assertEquals(stderr.toString(), 0, rc);
        String text = stdout.toString();
        String table = "Hosts         SCM Total                                    "
                + "NVMe Total                                   \n";
        assertTrue(text, text.contains("127.0.0.[1-3] 1.0 GiB (1 module)"));
        assertTrue(text, text.contains("127.0.0.4     Error: rpc error: code = Unknown desc = scan failed"));
        assertTrue(text, text.startsWith("Hosts "));
    }
}
