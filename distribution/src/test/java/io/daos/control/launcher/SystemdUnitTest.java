package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;

/**
 * lib/systemd/daos_server.service agrees with the launcher: its timeouts outlast the launcher's
 * own (etc/config.properties), it selects the distinct exit codes and does not restart on the
 * ones no restart can fix, readiness is the launcher's notification. {@code systemd-analyze
 * verify} of the installed unit: SystemdIT (itest).
 */
public class SystemdUnitTest {

    private final Path distSrc = Path.of(System.getProperty("daos.dist.src", "src/main/dist"));

    /** Every {@code Key=value} line of the unit, in order (keys repeat). */
    private List<String[]> unit() throws Exception {
        List<String[]> l = new ArrayList<>();
        for (String line : Files.readAllLines(distSrc.resolve("lib/systemd/daos_server.service"))) {
            int eq = line.indexOf('=');
            if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("[") && eq > 0) {
                l.add(new String[] {line.substring(0, eq), line.substring(eq + 1)});
            }
        }
        return l;
    }

    private String value(String key) throws Exception {
        String v = null;
        for (String[] kv : unit()) {
            if (kv[0].equals(key)) {
                v = kv[1];
            }
        }
        if (v == null) {
            throw new AssertionError("no " + key + "= in the unit");
        }
        return v;
    }

    private Map<String, String> configProperties() throws Exception {
        Properties sys = new Properties();
        sys.setProperty("daos.home", "/opt/daos-control");
        return Props.resolve(Props.load(distSrc.resolve("etc/config.properties")), sys, Map.of());
    }

    @Test
    public void readinessIsTheLaunchersNotificationFromTheMainProcess() throws Exception {
        assertEquals("notify", value("Type"));
        assertEquals("main", value("NotifyAccess"));
        assertEquals("/opt/daos-control/bin/daos_server start", value("ExecStart"));
    }

    @Test
    public void timeoutsOutlastTheLaunchersOwn() throws Exception {
        FrameworkProperties fw = new FrameworkProperties(Path.of("/opt/daos-control"), configProperties());
        long stopSec = Long.parseLong(value("TimeoutStopSec"));
        long startSec = Long.parseLong(value("TimeoutStartSec"));
        // the launcher gives up first and exits with its own status, then systemd would kill
        assertTrue("TimeoutStopSec " + stopSec, stopSec * 1000 >= fw.stopTimeoutMs() + 10_000);
        assertTrue("TimeoutStartSec " + startSec, startSec * 1000 >= fw.startTimeoutMs() + 10_000);
        // SIGTERM to daos_server only, which stops the I/O servers itself; the rest SIGKILLed at the end
        assertEquals("mixed", value("KillMode"));
        assertEquals("SIGTERM", value("KillSignal"));
    }

    @Test
    public void exitCodesAreDistinctAndConfigErrorsAreNotRestarted() throws Exception {
        String env = value("Environment");
        assertEquals(ExitStatus.ENV + "=" + ExitStatus.DISTINCT, env);
        assertTrue(ExitStatus.distinct(env.substring(env.indexOf('=') + 1)));
        assertEquals("on-failure", value("Restart"));
        Set<Integer> prevent = new TreeSet<>();
        for (String c : value("RestartPreventExitStatus").split(" ")) {
            prevent.add(Integer.parseInt(c));
        }
        assertEquals(Set.of(ExitStatus.USAGE.code(true), ExitStatus.CONFIG.code(true)), prevent);
        assertEquals("143", value("SuccessExitStatus"));
    }

    @Test
    public void limitsOfTheStorageStackAndTheJournal() throws Exception {
        assertEquals("infinity", value("LimitMEMLOCK"));
        assertEquals("infinity", value("LimitCORE"));
        assertTrue(Long.parseLong(value("LimitNOFILE")) >= 65536);
        assertEquals("root", value("User"));
        assertEquals("journal", value("StandardError"));
        assertEquals("daos_server", value("SyslogIdentifier"));
    }
}
