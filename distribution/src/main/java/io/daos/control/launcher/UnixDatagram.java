package io.daos.control.launcher;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * AF_UNIX datagram sockets for the launcher: {@code /dev/log} of {@code --syslog}
 * ({@link SyslogHandler}) and systemd's {@code NOTIFY_SOCKET} ({@link SystemdNotify}). Java 17
 * cannot open one; junixsocket's {@code AFUNIXDatagramSocket} can. It is a {@link DatagramSocket},
 * and a {@link java.net.DatagramPacket} carries its addresses wrapped in an {@link InetAddress}
 * ({@code AFSocketAddress.wrapAddress()}, which the socket unwraps), so only the socket factory
 * and the address methods are looked up reflectively: the launcher is never compiled against
 * junixsocket.
 *
 * <p>junixsocket comes from its jars ({@code junixsocket-*.jar}) in {@code lib/engine/}, the
 * engine emulator's, through a class loader of its own whose parent is the platform loader: the
 * launcher's class path stays Felix and the launcher, and the bundles' junixsocket is untouched.
 * One loader per directory and process (syslog and systemd share it; junixsocket's native
 * library is then loaded once). A directory without such jars (or none) means the launcher's own
 * loader: the tests, which have junixsocket on their class path.
 */
final class UnixDatagram {

    private static final String PKG = "org.newsclub.net.unix.";
    private static final Map<Path, UnixDatagram> LOADED = new HashMap<>();

    private final Method newSocket;
    private final Method ofFile;
    private final Method inAbstractNamespace;
    private final Method wrapAddress;

    private UnixDatagram(ClassLoader loader) throws ReflectiveOperationException {
        newSocket = loader.loadClass(PKG + "AFUNIXDatagramSocket").getMethod("newInstance");
        Class<?> address = loader.loadClass(PKG + "AFUNIXSocketAddress");
        ofFile = address.getMethod("of", File.class);
        inAbstractNamespace = address.getMethod("inAbstractNamespace", String.class);
        wrapAddress = address.getMethod("wrapAddress");
    }

    /** The directory of the junixsocket jars in the distribution tree {@code home}. */
    static Path libDir(Path home) {
        return home.resolve("lib").resolve("engine");
    }

    /**
     * junixsocket from the jars in {@code libDir} (null, or no jars there: the launcher's own
     * class loader); an {@link IOException} naming what is missing if it cannot be found.
     */
    static synchronized UnixDatagram load(Path libDir) throws IOException {
        Path key = libDir == null ? null : libDir.toAbsolutePath().normalize();
        UnixDatagram u = LOADED.get(key);
        if (u == null) {
            List<URL> jars = jars(key);
            URLClassLoader own = jars.isEmpty() ? null
                    : new URLClassLoader("junixsocket", jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            try {
                u = new UnixDatagram(own == null ? UnixDatagram.class.getClassLoader() : own);
            } catch (ReflectiveOperationException | LinkageError e) {
                if (own != null) {
                    own.close();
                }
                String where = own != null ? "the junixsocket-*.jar of " + key
                        : "the class path (no junixsocket-*.jar in " + key + ")";
                throw new IOException(e instanceof ClassNotFoundException
                        ? "no class " + e.getMessage() + " in " + where : Log.oneLine(e), e);
            }
            LOADED.put(key, u);
        }
        return u;
    }

    /** The {@code junixsocket-*.jar} of {@code libDir}. */
    private static List<URL> jars(Path libDir) throws IOException {
        List<URL> jars = new ArrayList<>();
        if (libDir != null && Files.isDirectory(libDir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(libDir, "junixsocket-*.jar")) {
                for (Path p : ds) {
                    jars.add(p.toUri().toURL());
                }
            }
        }
        return jars;
    }

    /** A new unbound AF_UNIX datagram socket (junixsocket's native library is loaded now). */
    DatagramSocket open() throws IOException {
        return (DatagramSocket) call(newSocket, null, null);
    }

    /**
     * The address {@code where} for a {@link java.net.DatagramPacket} to a socket of {@link #open}:
     * a socket path, or {@code @name} for the Linux abstract namespace (the name after a leading
     * NUL byte, as systemd spells {@code NOTIFY_SOCKET}).
     */
    InetSocketAddress address(String where) throws IOException {
        return new InetSocketAddress((InetAddress) call(wrapAddress, unix(where), null), 0);
    }

    /** junixsocket's {@code AFUNIXSocketAddress} of {@code where} ({@link #address}). */
    private SocketAddress unix(String where) throws IOException {
        return (SocketAddress) (where.startsWith("@")
                ? call(inAbstractNamespace, null, where.substring(1))
                : call(ofFile, null, new File(where)));
    }

    /** A socket connected to {@code where} ({@link #address}): its packets need no address. */
    DatagramSocket connect(String where) throws IOException {
        SocketAddress to = unix(where);
        DatagramSocket s = open();
        try {
            s.connect(to);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /**
     * A junixsocket method of {@code target} (null: a static one) with no argument or {@code arg};
     * what it or its class initialisation throws, as an IOException.
     */
    private static Object call(Method m, Object target, Object arg) throws IOException {
        try {
            return arg == null ? m.invoke(target) : m.invoke(target, arg);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException io ? io : new IOException(Log.oneLine(c), c);
        } catch (IllegalAccessException | LinkageError e) { // a LinkageError: its native library
            throw new IOException(Log.oneLine(e), e);
        }
    }
}
