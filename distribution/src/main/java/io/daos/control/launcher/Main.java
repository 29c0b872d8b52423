package io.daos.control.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code daos_server}: the launcher (a plain jar on {@code lib/boot/} next to the Felix framework
 * jar). Parses the command line and runs the subcommand; {@code start} embeds Felix; the
 * {@code storage} and {@code network} commands run without OSGi ({@code inventory} package).
 */
public final class Main {

    /** The inventory commands' entry point (in this jar, but linking the api and config jars). */
    static final String INVENTORY = "io.daos.control.launcher.inventory.Inventory";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        Cli.Invocation inv;
        try {
            inv = Cli.parse(args);
        } catch (Cli.UsageException e) {
            err.println("ERROR: " + e.getMessage());
            err.flush();
            return ExitStatus.USAGE.code();
        }
        Log log = new Log(out, err, inv.flag("debug"));
        switch (inv.command()) {
            case "version":
                out.println("daos_server version " + version());
                out.flush();
                return 0;
            case "start":
                return new StartCommand(home(), log, inv).run();
            case "network scan":
            case "network list": {
                Path config = StartCommand.locateConfig(home(), inv.configPath(), log);
                return config == null ? 1 : inventory(inv, config, in, out, err, log);
            }
            case "storage scan": {
                // no config file (SPEC-SERVER 1.1), unless one is given with -o: then its
                // emulated devices and bdev_include/bdev_exclude apply too
                if (inv.configPath() == null) {
                    return inventory(inv, null, in, out, err, log);
                }
                Path config = StartCommand.locateConfig(home(), inv.configPath(), log);
                return config == null ? 1 : inventory(inv, config, in, out, err, log);
            }
            default: // storage prepare: no config file
                return inventory(inv, null, in, out, err, log);
        }
    }

    /**
     * Runs an inventory command through {@link #INVENTORY}, looked up reflectively: only these
     * commands need the api, config and provider jars that bin/daos_server adds to their class
     * path (lib/inventory.classpath), so start and version never link them.
     */
    private static int inventory(Cli.Invocation inv, Path config, InputStream in, PrintStream out,
            PrintStream err, Log log) {
        try {
            Method run = Class.forName(INVENTORY).getMethod("run", String.class, Map.class, List.class, Path.class,
                    InputStream.class, PrintStream.class, PrintStream.class);
            return (Integer) run.invoke(null, inv.command(), inv.globals(), inv.args(), config, in, out, err);
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            log.error("'" + inv.command() + "' needs the jars listed in " + home().resolve("lib/inventory.classpath")
                    + " on the class path (run it through bin/daos_server): " + Log.oneLine(e));
            return 1;
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            log.error(Log.oneLine(t));
            if (inv.flag("debug")) {
                t.printStackTrace(err);
            }
            return 1;
        } catch (IllegalAccessException e) {
            log.error(Log.oneLine(e));
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
