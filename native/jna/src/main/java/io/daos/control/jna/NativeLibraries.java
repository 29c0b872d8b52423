package io.daos.control.jna;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Loads the native libraries lazily, once per JVM (per class loader), by their runtime names.
 * Debian ships only versioned runtime objects ({@code libipmctl.so.5}); the unversioned name
 * exists only with the -dev package, so every binding lists its versioned names too. A library
 * that cannot be loaded is reported as {@link LibraryNotInstalledException}; the failure is
 * remembered too, so a missing library costs one dlopen attempt, not one per call.
 */
public final class NativeLibraries {

    private static final Map<Class<?>, Object> LOADED = new ConcurrentHashMap<>();
    private static final Map<Class<?>, LibraryNotInstalledException> MISSING = new ConcurrentHashMap<>();

    private NativeLibraries() {
    }

    /** libc (always present on Linux; still loaded lazily). */
    public static LibC libc() throws LibraryNotInstalledException {
        return load(LibC.class, "libc", "libc6", "c", "libc.so.6");
    }

    /**
     * Loads {@code type} from the first of {@code names} that dlopen accepts.
     *
     * @param type          the JNA interface
     * @param library       the display name, e.g. {@code libipmctl}
     * @param debianPackage the package providing it
     * @param names         names tried in order: plain ({@code ipmctl}) and versioned
     *                      ({@code libipmctl.so.5})
     * @throws LibraryNotInstalledException none of the names loads (also when JNA's own native
     *                                      part cannot load)
     */
    public static <T extends Library> T load(Class<T> type, String library, String debianPackage,
            String... names) throws LibraryNotInstalledException {
        Object lib = LOADED.get(type);
        if (lib != null) {
            return type.cast(lib);
        }
        LibraryNotInstalledException missing = MISSING.get(type);
        if (missing != null) {
            throw missing;
        }
        synchronized (type) {
            lib = LOADED.get(type);
            if (lib != null) {
                return type.cast(lib);
            }
            List<Throwable> errors = new ArrayList<>();
            for (String name : names) {
                try {
                    T loaded = Native.load(name, type);
                    LOADED.put(type, loaded);
                    return loaded;
                } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                    errors.add(e);
                }
            }
            LibraryNotInstalledException e = new LibraryNotInstalledException(library, debianPackage,
                    errors.isEmpty() ? null : errors.get(errors.size() - 1));
            MISSING.put(type, e);
            throw e;
        }
    }
}
