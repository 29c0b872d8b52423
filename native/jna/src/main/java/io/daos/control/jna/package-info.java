/**
 * JNA bindings to the native libraries of a DAOS node, one interface per library, loaded lazily
 * through {@link io.daos.control.jna.NativeLibraries}: {@link io.daos.control.jna.LibC} (libc6),
 * {@code LibIpmctl} (libipmctl5: PMem modules) and {@code LibFabric} (libfabric1: providers and
 * devices). Plain interfaces, no state beyond the loaded libraries.
 */
package io.daos.control.jna;
