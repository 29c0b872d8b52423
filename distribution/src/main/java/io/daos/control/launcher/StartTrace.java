package io.daos.control.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.ServiceListener;

/**
 * {@code -Ddaos.start.trace=true}: one stderr line per boot step, stamped with milliseconds
 * since the process started (bin/daos_server execs java, so the script's start; to the kernel's
 * clock tick), for the start-up time breakdown: the launcher's own steps, each bundle's
 * resolution and start (SCR activates a bundle's immediate components while it starts) and each
 * service registration. A measurement aid; off by default, and then nothing is registered.
 */
final class StartTrace implements SynchronousBundleListener, ServiceListener {

    static final String PROPERTY = "daos.start.trace";

    private final long startMillis;
    private final PrintStream out;

    private StartTrace(long startMillis, PrintStream out) {
        this.startMillis = startMillis;
        this.out = out;
    }

    /** The trace of this process when {@value #PROPERTY} is true, else null. */
    private static final StartTrace TRACE = Boolean.getBoolean(PROPERTY)
            ? new StartTrace(processStartMillis(), System.err) : null;

    /** Marks a launcher step ({@code what}) when the trace is on; else does nothing. */
    static void step(String what) {
        if (TRACE != null) {
            TRACE.mark(what);
        }
    }

    /** Registers the trace on {@code ctx} when {@value #PROPERTY} is true; else does nothing. */
    static void install(BundleContext ctx) {
        if (TRACE == null) {
            return;
        }
        ctx.addBundleListener(TRACE);
        ctx.addServiceListener(TRACE);
    }

    /**
     * When this process started, in {@link System#currentTimeMillis()} terms. On Linux from the
     * process's start tick and the uptime now (both since boot, exact to a 10 ms tick): the JDK's
     * {@code ProcessHandle.Info.startInstant()} adds the boot time, which the kernel gives in
     * whole seconds, and is off by up to a second.
     */
    static long processStartMillis() {
        long now = System.currentTimeMillis();
        try {
            double startSec = Long.parseLong(statFields()[22 - 3]) / 100.0; // starttime; USER_HZ 100
            double uptimeSec = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
            return now - Math.round((uptimeSec - startSec) * 1000);
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(now);
        }
    }

    /**
     * Prints {@code what} with the time since the process started and the CPU time used so far:
     * by the whole process (all threads, the JIT and GC included; to the 10 ms tick) and by the
     * thread that marks (to the ns, from the scheduler), so that start-up changes can be compared
     * on a machine too busy for wall-clock figures.
     */
    void mark(String what) {
        long wall = System.currentTimeMillis() - startMillis;
        out.println("TRACE +" + wall + " ms (cpu " + processCpuMillis() + " ms, thread " + threadCpuMillis()
                + " ms) " + what);
    }

    /** utime + stime of this process in ms, or -1. */
    static long processCpuMillis() {
        try {
            String[] f = statFields();
            return (Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3])) * 10; // utime, stime; USER_HZ 100
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The fields of {@code /proc/self/stat} after the command name (which may hold spaces): field
     * {@code n} of proc(5), numbered from 1, is at index {@code n - 3}.
     */
    static String[] statFields() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** The CPU time of the calling thread in ms (the scheduler's run time), or -1. */
    static long threadCpuMillis() {
        try {
            return Long.parseLong(Files.readString(Path.of("/proc/thread-self/schedstat")).split(" ")[0]) / 1_000_000;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void bundleChanged(BundleEvent ev) {
        String what = switch (ev.getType()) {
            case BundleEvent.RESOLVED -> "resolved";
            case BundleEvent.STARTING -> "starting";
            case BundleEvent.STARTED -> "started";
            default -> null;
        };
        if (what != null) {
            Bundle b = ev.getBundle();
            mark(what + " " + b.getSymbolicName());
        }
    }

    @Override
    public void serviceChanged(ServiceEvent ev) {
        if (ev.getType() == ServiceEvent.REGISTERED) {
            ServiceReference<?> r = ev.getServiceReference();
            Object cls = r.getProperty("objectClass");
            String name = cls instanceof String[] a && a.length > 0 ? a[0] : String.valueOf(cls);
            mark("service " + name + " by " + r.getBundle().getSymbolicName());
        }
    }
}
