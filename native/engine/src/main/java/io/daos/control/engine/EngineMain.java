package io.daos.control.engine;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.drpc.DrpcClientImpl;
import io.daos.control.drpc.DrpcServer;
import io.daos.control.proto.srv.NotifyReadyReq;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The engine emulator: a stand-in {@code daos_io_server} (SPEC-SYSTEM 4.4.9). Same command line
 * and environment as the real one (SPEC-SERVER 1.7); binds
 * {@code <socket_dir>/daos_io_server_<pid>.sock} serving module 2, connects to
 * {@code <socket_dir>/daos_server.sock}, sends NotifyReady (3/301, sequence 0) and keeps that
 * connection; state lives under the storage path ({@code -s}). SIGTERM/SIGINT: clean stop, the
 * socket removed, exit 0. Exit 1 on a usage error or a failed start-up.
 */
public final class EngineMain {
    static final String VERSION = "1.0.0";
    static final int NOTIFY_TIMEOUT_MS = 30_000;

    private EngineMain() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.getenv()));
    }

    private static volatile int exitStatus;

    /** Runs until a signal; returns the exit status (only for start-up failures). */
    static int run(String[] argv, Map<String, String> env) {
        EngineArgs a;
        try {
            a = EngineArgs.parse(argv);
        } catch (EngineArgs.HelpRequested h) {
            System.out.print(EngineArgs.USAGE);
            return 0;
        } catch (EngineArgs.UsageException e) {
            System.err.println("daos_io_server: " + e.getMessage());
            System.err.print(EngineArgs.USAGE);
            return 1;
        }
        long pid = ProcessHandle.current().pid();
        PrintStream out = System.err;
        String logFile = env.get("D_LOG_FILE");
        if (logFile != null && !logFile.isEmpty()) {
            try {
                out = new PrintStream(new FileOutputStream(logFile, true), true);
            } catch (IOException e) {
                System.err.println("daos_io_server: cannot open log file " + logFile + ": " + e.getMessage());
                return 1;
            }
        }
        Log log = new Log(out, Log.levelOf(env.get("D_LOG_MASK")), "daos_io_server[" + pid + "]/" + a.instanceIdx);
        try {
            return start(a, env, pid, log);
        } catch (StartupException e) {
            log.error(e.getMessage());
            if (out != System.err) {
                System.err.println("daos_io_server: " + e.getMessage());
            }
            return 1;
        }
    }

    static final class StartupException extends Exception {
        private static final long serialVersionUID = 1L;

        StartupException(String msg) {
            super(msg);
        }
    }

    private static int start(EngineArgs a, Map<String, String> env, long pid, Log log) throws StartupException {
        Path storage = Path.of(a.storage).toAbsolutePath();
        if (!Files.isDirectory(storage) || !Files.isWritable(storage)) {
            throw new StartupException("storage path " + storage + " is not a writable directory");
        }
        Path socketDir = Path.of(a.socketDir).toAbsolutePath();
        if (!Files.isDirectory(socketDir)) {
            throw new StartupException("socket directory " + socketDir + " does not exist");
        }
        int ntgts = a.targets > 0 ? a.targets
                : Math.max(1, Runtime.getRuntime().availableProcessors() - a.firstCore);
        // CaRT contexts: two system xstreams plus one per target and per helper xstream
        int nctxs = 2 + ntgts * (1 + Math.min(a.helpers, 2));
        String uri = uri(env, a.instanceIdx, log);
        List<Devices.Device> devices;
        try {
            Path conf = a.nvmeConf == null ? null : Path.of(a.nvmeConf);
            if (conf != null && !Files.isRegularFile(conf)) {
                throw new StartupException("NVMe config " + conf + " not found");
            }
            devices = Devices.load(conf, storage.toString(), ntgts, env.get("VOS_BDEV_CLASS"), log);
        } catch (IOException e) {
            throw new StartupException("reading NVMe config: " + e.getMessage());
        }
        StateStore store = new StateStore(storage);
        EngineState state;
        try {
            state = store.load();
        } catch (IOException e) {
            throw new StartupException(e.getMessage());
        }
        Node node = new Node(uri, nctxs, ntgts, devices, storage);
        MgmtService svc = new MgmtService(store, state, node, log);
        MgmtModule module = new MgmtModule(svc, log);
        svc.onSetUp(() -> System.out.println("DAOS I/O server (v" + VERSION + ", emulated) process " + pid
                + " started on rank " + svc.state().rank + " with " + ntgts + " target, "
                + Math.min(a.helpers, 2) + " helper XS per target, firstcore " + a.firstCore + "."));

        Path sock = socketDir.resolve("daos_io_server_" + pid + ".sock");
        DrpcServer server;
        try {
            server = DrpcServer.start(sock, id -> id == DrpcIds.MODULE_MGMT ? module : null);
        } catch (IOException e) {
            throw new StartupException("dRPC listener: " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // the I/O server's one persistent connection to the control server: C-style counting,
        // NotifyReady is sequence 0 (WIRE 4.4); later BioErr calls would use it too
        Path ctl = socketDir.resolve("daos_server.sock");
        DrpcClientImpl notifier = new DrpcClientImpl(ctl, DrpcClientImpl.Sequence.C);
        Thread hook = new Thread(() -> {
            log.info("shutting down");
            notifier.close();
            server.close();
            stopped.countDown();
            // a signal is a normal stop: exit 0 rather than the JVM's 128+signal
            Runtime.getRuntime().halt(exitStatus);
        }, "daos_io_server shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        NotifyReadyReq req = NotifyReadyReq.newBuilder().setUri(uri).setNctxs(nctxs)
                .setDrpcListenerSock(sock.toString()).setInstanceIdx(a.instanceIdx).setNtgts(ntgts).build();
        try {
            notifier.call(DrpcIds.MODULE_SRV, DrpcIds.SRV_NOTIFY_READY, req.toByteArray(),
                    Duration.ofMillis(NOTIFY_TIMEOUT_MS));
        } catch (IOException | DrpcException e) {
            exitStatus = 1;
            throw new StartupException("NotifyReady to " + ctl + " failed: " + e.getMessage());
        }
        log.info("ready: " + sock + ", uri " + uri + ", " + ntgts + " targets, " + devices.size()
                + " devices, instance " + a.instanceIdx);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** A plausible CaRT URI: {@code <CRT_PHY_ADDR_STR>://<ip of OFI_INTERFACE>:<OFI_PORT>}; an unknown
     *  interface falls back to 127.0.0.1, no OFI_PORT to 31416 + instance index. */
    static String uri(Map<String, String> env, int idx, Log log) throws StartupException {
        String provider = env.getOrDefault("CRT_PHY_ADDR_STR", "");
        if (provider.isEmpty()) {
            provider = "ofi+sockets";
        }
        int port = 31416 + idx;
        String p = env.get("OFI_PORT");
        if (p != null && !p.isEmpty()) {
            try {
                port = Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port <= 0 || port > 65535) {
                throw new StartupException("invalid OFI_PORT '" + p + "'");
            }
        }
        String ip = "127.0.0.1";
        String iface = env.get("OFI_INTERFACE");
        if (iface != null && !iface.isEmpty()) {
            try {
                NetworkInterface ni = NetworkInterface.getByName(iface);
                String found = null;
                if (ni != null) {
                    for (Enumeration<InetAddress> e = ni.getInetAddresses(); e.hasMoreElements(); ) {
                        InetAddress ad = e.nextElement();
                        if (ad instanceof Inet4Address) {
                            found = ad.getHostAddress();
                            break;
                        }
                    }
                }
                if (found == null) {
                    log.warn("OFI_INTERFACE " + iface + " has no IPv4 address here; using " + ip);
                } else {
                    ip = found;
                }
            } catch (IOException e) {
                log.warn("OFI_INTERFACE " + iface + ": " + e.getMessage() + "; using " + ip);
            }
        }
        return provider + "://" + ip + ":" + port;
    }
}
