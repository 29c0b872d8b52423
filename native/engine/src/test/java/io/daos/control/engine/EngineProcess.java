package io.daos.control.engine;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcModule;
import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.drpc.DrpcServer;
import io.daos.control.proto.srv.NotifyReadyReq;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Test support: a stand-in control server listening on {@code <socket_dir>/daos_server.sock}
 * (the drpc bundle's DrpcServer with a module 3 that records NotifyReady), and a launcher for
 * the emulator as a real process with the arguments and environment the control server passes.
 */
final class EngineProcess {
    /** The fake control-server listener. */
    static final class ControlSocket implements AutoCloseable {
        final BlockingQueue<NotifyReadyReq> ready = new LinkedBlockingQueue<>();
        volatile boolean reject;
        final DrpcServer server;

        ControlSocket(Path socketDir) throws IOException {
            DrpcModule srv = new DrpcModule() {
                @Override
                public int moduleId() {
                    return DrpcIds.MODULE_SRV;
                }

                @Override
                public byte[] handle(int method, byte[] body) throws DrpcException {
                    if (method != DrpcIds.SRV_NOTIFY_READY) {
                        throw new DrpcException(DrpcStatus.UNKNOWN_METHOD, "method " + method);
                    }
                    NotifyReadyReq r;
                    try {
                        r = NotifyReadyReq.parseFrom(body);
                    } catch (IOException e) {
                        throw new DrpcException(DrpcStatus.FAILED_UNMARSHAL_PAYLOAD, "bad body");
                    }
                    ready.add(r);
                    if (reject) {
                        throw new DrpcException(DrpcStatus.FAILURE, "rejected by the test");
                    }
                    return new byte[0];
                }
            };
            server = DrpcServer.start(socketDir.resolve("daos_server.sock"), id -> id == DrpcIds.MODULE_SRV ? srv : null);
        }

        NotifyReadyReq awaitReady(long seconds) throws InterruptedException {
            NotifyReadyReq r = ready.poll(seconds, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("no NotifyReady within " + seconds + " s");
            }
            return r;
        }

        @Override
        public void close() {
            server.close();
        }
    }

    private EngineProcess() {
    }

    /** The control server's arguments for a one-instance config (SPEC-SERVER 1.7 order). */
    static List<String> args(Path socketDir, Path scm, int targets) {
        return List.of("-t", Integer.toString(targets), "-x", "1", "-g", "daos_server", "-d", socketDir.toString(),
                "-s", scm.toString(), "-n", scm.resolve("daos_nvme.conf").toString(), "-i", "4243", "-I", "0");
    }

    /** Starts {@code java -cp <this JVM's class path> EngineMain <args>} with {@code env} added. */
    static Process start(List<String> args, Map<String, String> env, File log) throws IOException {
        List<String> cmd = new ArrayList<>();
        // SIGINT at its default disposition even when this JVM inherited it ignored (started in the
        // background of a non-interactive shell): a JVM does not handle a signal ignored at start,
        // and the tests stop the emulator with SIGINT
        cmd.add("env");
        cmd.add("--default-signal=INT");
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xmx32m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(EngineMain.class.getName());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        pb.environment().putAll(env);
        return pb.start();
    }
}
