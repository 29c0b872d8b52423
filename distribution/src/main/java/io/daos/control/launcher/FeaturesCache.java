package io.daos.control.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Start-up time: the parsed features descriptor, kept as plain lines in
 * {@code <daos.home>/data/features.cache} for as long as the descriptor's path, size and
 * modification time stay the same, so that a start does not bring up an XML parser (tens of
 * milliseconds of JAXP look-up and set-up) to read a file that has not changed. Any doubt (no
 * {@code daos.home}, an unreadable, stale or malformed cache, a read-only tree) means the XML
 * is parsed as before; a failure to write the cache is ignored.
 */
final class FeaturesCache {

    static final String FILE_NAME = "features.cache";
    private static final String VERSION = "daos-features-cache 1";

    /** Parses the descriptor itself (the XML parser). */
    interface Parser {
        Features parse(Path file) throws IOException;
    }

    private FeaturesCache() {
    }

    /** The cache file of this tree, or null when {@code daos.home} is not set. */
    static Path cacheFile() {
        String home = System.getProperty("daos.home");
        return home == null || home.isEmpty() ? null : Path.of(home, "data", FILE_NAME);
    }

    /** {@code file}'s features: from {@code cache} when it matches, else parsed (and cached). */
    static Features load(Path file, Path cache, Parser parser) throws IOException {
        String key = key(file);
        if (cache == null || key == null) {
            return parser.parse(file);
        }
        Features cached = read(cache, key);
        if (cached != null) {
            return cached;
        }
        Features parsed = parser.parse(file);
        write(cache, key, parsed);
        return parsed;
    }

    /** What the cache is valid for: the version, the absolute path, size and modification time. */
    private static String key(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return VERSION + " " + a.size() + " " + a.lastModifiedTime() + " "
                    + file.toAbsolutePath().normalize();
        } catch (IOException e) {
            return null; // the parser reports the missing file
        }
    }

    private static Features read(Path cache, String key) {
        try {
            List<String> lines = Files.readAllLines(cache, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(key)) {
                return null;
            }
            Map<String, Features.Feature> map = new LinkedHashMap<>();
            String name = null;
            List<String> deps = null;
            List<Features.BundleRef> bundles = null;
            for (String l : lines.subList(1, lines.size())) {
                String value = l.substring(2);
                switch (l.substring(0, 2)) {
                    case "F " -> {
                        name = value;
                        deps = new ArrayList<>();
                        bundles = new ArrayList<>();
                        map.put(name, new Features.Feature(name, deps, bundles));
                    }
                    case "D " -> deps.add(value);
                    case "B " -> {
                        int sp = value.indexOf(' ');
                        bundles.add(new Features.BundleRef(value.substring(sp + 1),
                                Integer.parseInt(value.substring(0, sp))));
                    }
                    default -> {
                        return null;
                    }
                }
            }
            return Features.of(map);
        } catch (IOException | RuntimeException e) {
            return null; // absent or malformed: parse the XML
        }
    }

    private static long lineCount(Features features) {
        long n = 0;
        for (Features.Feature f : features.all().values()) {
            n += 1 + f.dependencies().size() + f.bundles().size();
        }
        return n;
    }

    private static void write(Path cache, String key, Features features) {
        StringBuilder sb = new StringBuilder(key).append('\n');
        for (Features.Feature f : features.all().values()) {
            sb.append("F ").append(f.name()).append('\n');
            for (String d : f.dependencies()) {
                sb.append("D ").append(d).append('\n');
            }
            for (Features.BundleRef b : f.bundles()) {
                sb.append("B ").append(b.startLevel()).append(' ').append(b.url()).append('\n');
            }
        }
        if (sb.toString().lines().count() != lineCount(features) + 1) {
            return; // a name or URL that spans lines: not representable, parse each time
        }
        Path tmp = cache.resolveSibling(FILE_NAME + ".tmp" + Pid.current());
        try {
            Files.createDirectories(cache.getParent());
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // a read-only tree, or something else in the cache's place: parse each time
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException | RuntimeException ignored) {
                // nothing was written
            }
        }
    }
}
