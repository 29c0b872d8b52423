package io.daos.control.launcher.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.daos.control.api.fault.Fault;
import io.daos.control.api.network.NetworkScanException;
import io.daos.control.api.storage.StorageException;
import io.daos.control.launcher.Log;

/**
 * Errors collected by {@code storage scan} and {@code storage prepare}, reported the reference's
 * way (SPEC-SERVER §2.3, §2.4): {@code ERROR: scan error(s):\n  <err1>\n  <err2>\n}, followed (an
 * extension of §2.1 to aggregated errors) by the resolution line of every error that is a fault
 * with a resolution.
 */
final class Failures {

    /** One error: its text and, when it is a fault, the fault. */
    record Failure(String message, Fault fault) {
    }

    private final List<Failure> list = new ArrayList<>();

    void add(String message, Fault fault) {
        list.add(new Failure(message, fault));
    }

    void add(StorageException e) {
        add(e.getMessage(), e.fault().orElse(null));
    }

    void add(NetworkScanException e) {
        add(e.getMessage(), e.fault().orElse(null));
    }

    /** A provider failing in an unexpected way (a bug, a native library breaking). */
    void addUnexpected(Throwable e) {
        add(Log.oneLine(e), null);
    }

    /** A provider call. */
    interface Call<T> {
        T call() throws StorageException;
    }

    /**
     * Runs {@code call}: its result (empty when it returns null), or empty with the failure added
     * (a {@link StorageException} as such, any other unchecked failure as
     * {@linkplain #addUnexpected unexpected}).
     */
    <T> Optional<T> attempt(Call<T> call) {
        try {
            return Optional.ofNullable(call.call());
        } catch (StorageException e) {
            add(e);
        } catch (RuntimeException | LinkageError e) {
            addUnexpected(e);
        }
        return Optional.empty();
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    List<Failure> list() {
        return List.copyOf(list);
    }

    /** {@code scan error(s):\n  <err1>\n  <err2>\n}. */
    String message() {
        StringBuilder sb = new StringBuilder("scan error(s):\n");
        for (Failure f : list) {
            sb.append("  ").append(f.message()).append('\n');
        }
        return sb.toString();
    }

    /** Prints the aggregated error and the resolution lines; returns the exit status 1. */
    int report(Log log) {
        error(log, message());
        for (Failure f : list) {
            if (f.fault() != null && f.fault().hasResolution()) {
                log.error(f.fault().resolutionLine());
            }
        }
        return 1;
    }

    /**
     * One error message, printed like the reference's logger does: a message already ending in a
     * newline gets no second one.
     */
    static void error(Log log, String message) {
        log.error(message.endsWith("\n") ? message.substring(0, message.length() - 1) : message);
    }

    /** Likewise for INFO. */
    static void info(Log log, String message) {
        log.info(message.endsWith("\n") ? message.substring(0, message.length() - 1) : message);
    }
}
