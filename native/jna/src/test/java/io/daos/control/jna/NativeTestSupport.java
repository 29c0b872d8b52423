package io.daos.control.jna;

import static org.junit.Assert.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the native tests share: finding a tool on PATH, running it, and gcc layout probes. */
final class NativeTestSupport {

    private NativeTestSupport() {
    }

    /** Whether an executable {@code name} is on PATH. */
    static boolean onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code cmd} (60 s at most), asserts exit 0 and returns its output (stdout and stderr). */
    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(cmd[0] + " timed out");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(String.join(" ", cmd) + ": " + out, 0, p.exitValue());
        return out;
    }

    /**
     * Compiles and runs a C probe (gcc must be on PATH) printing {@code sizeof(struct <struct>)}
     * as {@code size} and {@code offsetof} of each of {@code fields}, with {@code header}
     * included; the probe is built in {@code dir}.
     */
    static Map<String, Integer> layout(Path dir, String header, String struct, String... fields) throws Exception {
        Path src = dir.resolve("probe.c");
        Path exe = dir.resolve("probe");
        StringBuilder c = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include <" + header + ">\n"
                + "int main(void) {\n  printf(\"size=%zu\\n\", sizeof(struct " + struct + "));\n");
        for (String f : fields) {
            c.append("  printf(\"" + f + "=%zu\\n\", offsetof(struct " + struct + ", " + f + "));\n");
        }
        Files.writeString(src, c.append("  return 0;\n}\n").toString());
        run("gcc", "-o", exe.toString(), src.toString());
        Map<String, Integer> got = new HashMap<>();
        for (String line : run(exe.toString()).split("\n")) {
            String[] kv = line.split("=");
            got.put(kv[0], Integer.parseInt(kv[1].trim()));
        }
        return got;
    }
}
