package io.daos.control.jna;

/**
 * A native library is not installed on this host (or cannot be loaded). The message names the
 * library and the Debian package that provides it, e.g. {@code libipmctl is not installed
 * (install the Debian package libipmctl5)}; callers turn it into their domain's
 * missing-software fault (code 1).
 */
public final class LibraryNotInstalledException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String library;
    private final String debianPackage;

    /**
     * @param library       the library's name, e.g. {@code libipmctl}
     * @param debianPackage the package that provides it, e.g. {@code libipmctl5}
     * @param cause         the loader's error (kept for debug logs)
     */
    public LibraryNotInstalledException(String library, String debianPackage, Throwable cause) {
        super(library + " is not installed (install the Debian package " + debianPackage + ")", cause);
        this.library = library;
        this.debianPackage = debianPackage;
    }

    /** The library's name, e.g. {@code libfabric}. */
    public String library() {
        return library;
    }

    /** The Debian package that provides it, e.g. {@code libfabric1}. */
    public String debianPackage() {
        return debianPackage;
    }
}
