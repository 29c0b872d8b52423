package io.daos.control.harness.internal;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.drpc.DrpcClientImpl;
import io.daos.control.proto.srv.NotifyReadyReq;

/** One managed daos_io_server instance; mutable state guarded by the harness lock. */
final class Instance {

    final int index;
    final IOServerConfig config;
    final Path superblockPath;
    /** Released by storageReady (the format gate). */
    final CountDownLatch storageReady = new CountDownLatch(1);

    volatile Superblock superblock;
    volatile Process process;
    volatile DrpcClientImpl drpc;
    /** The NotifyReady of the current run, null until received. */
    volatile NotifyReadyReq ready;
    /** Target count for -t: configured, replaced by ntgts of the last ready message. */
    volatile int targets;
    /** The current run completed SetUp. */
    volatile boolean setUp;
    /** StopRanks asked it to stop (the restart policy leaves it alone). */
    volatile boolean stopRequested;
    volatile long exitNanos;
    Thread outPump;
    Thread errPump;

    Instance(int index, IOServerConfig config) {
        this.index = index;
        this.config = config;
        this.superblockPath = Superblock.pathFor(config.scmMount());
        this.targets = config.targets();
    }

    boolean running() {
        Process p = process;
        return p != null && p.isAlive();
    }
}
