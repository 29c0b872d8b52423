package io.daos.control.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One server per bundle cache: a lock on {@code <storage>.lock}, held for the life of the process
 * (the operating system releases it when the process ends, however it ends). Two servers must not
 * share one cache, where one would update or uninstall the other's bundles.
 */
final class StorageLock implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private StorageLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of the bundle cache {@code storage}: {@code <storage>.lock} beside it. */
    static Path fileOf(Path storage) {
        return storage.resolveSibling(storage.getFileName() + ".lock");
    }

    /**
     * Takes the lock of {@code storage} (creating the lock file and its directory).
     *
     * @throws IOException naming the cache and the lock file when another process, or this one,
     *                     holds it already
     */
    static StorageLock acquire(Path storage) throws IOException {
        Path lockFile = fileOf(storage);
        Files.createDirectories(lockFile.getParent());
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            ch.close();
            throw new IOException("another daos_server is already running with the bundle cache " + storage
                    + " (lock " + lockFile + " is held): stop it, or run a separate copy of the distribution");
        }
        return new StorageLock(lockFile, ch, l);
    }

    /** The lock file. */
    Path file() {
        return file;
    }

    /** True while this process holds the lock. */
    boolean held() {
        return lock.isValid();
    }

    /** Releases the lock (the file stays). */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
