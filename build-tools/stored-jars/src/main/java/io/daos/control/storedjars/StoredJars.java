package io.daos.control.storedjars;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites jars with every entry stored instead of deflated, the jars they hold too; the entries
 * (names, order, bytes, times) stay as they were.
 * <p>
 * Why: the JVM's class-data sharing can serve a bundle's classes from the archive, but for a
 * class loader of its own (Felix's) only after it has the class file's bytes to match, so every
 * start still reads each class from its jar, and inflating deflated entries was ~40 ms of the
 * ~1 s of CPU a start takes. Stored here once, at build time, the bundle cache copies the jars as
 * they are and no start inflates them (a distribution's system/ grows from ~46 to ~125 MB; its
 * tar.gz does not).
 * <p>
 * {@code main(dir...)}: every {@code *.jar} under each folder; a jar already stored is not
 * rewritten. A jar that is not a zip fails the build with its path.
 */
public final class StoredJars {

    private StoredJars() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: StoredJars <folder>...");
        }
        int rewritten = 0;
        int all = 0;
        for (String a : args) {
            for (Path jar : jars(Path.of(a))) {
                all++;
                if (store(jar)) {
                    rewritten++;
                }
            }
        }
        System.out.println("[stored-jars] " + rewritten + " of " + all + " jars rewritten with stored entries");
    }

    /** The {@code *.jar} files under {@code dir}, in a stable order. */
    static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted().toList();
        }
    }

    /**
     * Rewrites {@code jar} in place (through a temporary file in its folder) unless all its
     * entries, nested jars included, are stored already.
     *
     * @return whether it was rewritten
     * @throws IOException the jar cannot be read as a zip (the message names it) or written
     */
    public static boolean store(Path jar) throws IOException {
        byte[] in = Files.readAllBytes(jar);
        byte[] out;
        try {
            if (allStored(in)) {
                return false;
            }
            out = stored(in);
        } catch (ZipException e) {
            throw new IOException(jar + ": not a readable jar: " + e.getMessage(), e);
        }
        Path tmp = Files.createTempFile(jar.getParent(), jar.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, out);
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return true;
    }

    /** Whether every entry of the zip {@code bytes}, and of the jars in it, is stored. */
    static boolean allStored(byte[] bytes) throws IOException {
        boolean any = false;
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                any = true;
                if (e.getMethod() != ZipEntry.STORED) {
                    return false;
                }
                if (isJar(e) && !allStored(z.readAllBytes())) {
                    return false;
                }
            }
        }
        if (!any) {
            throw new ZipException("no zip entries");
        }
        return true;
    }

    /** The zip {@code bytes} with every entry stored (nested jars converted too), in the same order. */
    static byte[] stored(byte[] bytes) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(bytes.length * 3);
        boolean any = false;
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(bytes));
                ZipOutputStream out = new ZipOutputStream(buf)) {
            out.setMethod(ZipOutputStream.STORED);
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                byte[] data = z.readAllBytes();
                if (isJar(e)) {
                    data = stored(data);
                }
                out.putNextEntry(storedEntry(e, data));
                out.write(data);
                out.closeEntry();
                any = true;
            }
        }
        if (!any) {
            throw new ZipException("no zip entries");
        }
        return buf.toByteArray();
    }

    private static ZipEntry storedEntry(ZipEntry from, byte[] data) {
        ZipEntry e = new ZipEntry(from.getName());
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        if (from.getLastModifiedTime() != null) {
            e.setLastModifiedTime(from.getLastModifiedTime());
        }
        if (from.getComment() != null) {
            e.setComment(from.getComment());
        }
        return e;
    }

    private static boolean isJar(ZipEntry e) {
        return !e.isDirectory() && e.getName().endsWith(".jar");
    }
}
