package io.daos.control.itest.e2e;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;
import io.daos.control.itest.support.TestFiles;

/**
 * A private copy of the assembled distribution (system property {@code daos.dist.dir}), as an
 * operator would make it: the tree must run from any copy. Run-time state of the source tree
 * (data/, log/, a generated etc/daos_server.yml) is not copied.
 */
final class Dist {

    final Path home;

    private Dist(Path home) {
        this.home = home;
    }

    /** An existing tree. */
    static Dist at(Path home) {
        return new Dist(home);
    }

    static Path source() {
        String given = System.getProperty("daos.dist.dir");
        Path src = given != null ? Path.of(given) : Path.of("../distribution/target/daos-control");
        if (given == null && !Files.isDirectory(src)) {
            src = Path.of("distribution/target/daos-control"); // run from the reactor root
        }
        if (!Files.isExecutable(src.resolve("bin/daos_server"))) {
            throw new IllegalStateException("assembled distribution not found at " + src.toAbsolutePath()
                    + " (build it: mvn -B -o -pl distribution -am install -DskipTests)");
        }
        return src;
    }

    static Dist copy(String prefix) throws IOException {
        return copyOf(source(), prefix);
    }

    /** A private copy of the tree {@code src} (run-time state left out, as {@link #copy}). */
    static Dist copyOf(Path src, String prefix) throws IOException {
        Path dst = Files.createTempDirectory(prefix).resolve("daos-control");
        Files.walkFileTree(src, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path rel = src.relativize(dir);
                Files.createDirectories(dst.resolve(rel.toString()));
                if (rel.toString().equals("data") || rel.toString().equals("log")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path rel = src.relativize(file);
                if (!rel.toString().equals("etc/daos_server.yml")) {
                    Files.copy(file, dst.resolve(rel.toString()), StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new Dist(dst);
    }

    Path bin() {
        return home.resolve("bin/daos_server");
    }

    Path deploy() {
        return home.resolve("deploy");
    }

    /** The example-echo (or -reverse) jar shipped in examples/. */
    Path example(String which) throws IOException {
        try (Stream<Path> s = Files.list(home.resolve("examples"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("io.daos.control.example." + which + "-"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no " + which + " example jar"));
        }
    }

    /** Deletes the copy (its temp parent included). */
    void delete() throws IOException {
        TestFiles.deleteTree(home.getParent());
    }
}
