package io.daos.control.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * {@code daos_server}: the launcher (a plain jar on {@code lib/boot/} next to the Felix framework
 * jar). Parses the command line and runs the subcommand; {@code start} embeds Felix.
 */
public final class Main {

    static final String NOT_YET = " is not available yet in daos-control (storage and network scan"
            + " arrive with the storage issue)";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Cli.Invocation inv;
        try {
            inv = Cli.parse(args);
        } catch (Cli.UsageException e) {
            err.println("ERROR: " + e.getMessage());
            err.flush();
            return 1;
        }
        Log log = new Log(out, err, inv.flag("debug"));
        switch (inv.command()) {
            case "version":
                out.println("daos_server version " + version());
                out.flush();
                return 0;
            case "start":
                return new StartCommand(home(), log, inv).run();
            default:
                log.error(inv.command() + NOT_YET);
                return 1;
        }
    }

    /** The distribution root: {@code -Ddaos.home}, else two levels above the launcher jar. */
    static Path home() {
        String h = System.getProperty("daos.home");
        if (h != null && !h.isEmpty()) {
            return Path.of(h).toAbsolutePath().normalize();
        }
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent().getParent().toAbsolutePath().normalize();
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("launcher.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through
        }
        return p.getProperty("version", "unknown");
    }
}
