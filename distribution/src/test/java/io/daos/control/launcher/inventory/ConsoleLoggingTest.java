package io.daos.control.launcher.inventory;

import static org.junit.Assert.assertEquals;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class ConsoleLoggingTest {

    private Handler[] saved;
    private Level savedLevel;

    @Before
    public void save() {
        Logger root = Logger.getLogger("");
        saved = root.getHandlers();
        savedLevel = root.getLevel();
    }

    @After
    public void restore() {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        for (Handler h : saved) {
            root.addHandler(h);
        }
        root.setLevel(savedLevel);
    }

    @Test
    public void providerLogsReachTheConsoleInTheLaunchersFormat() {
        Console c = new Console();
        ConsoleLogging.install(c.log, false);
        Logger l = Logger.getLogger("io.daos.control.storage.scm");
        l.info("creating SCM namespace, may take a few minutes...");
        l.log(Level.INFO, "removing SCM namespace \"{0}\", may take a few minutes...", "namespace0.0");
        l.warning("careful");
        l.severe("broken");
        l.fine("hidden without -b");
        assertEquals("creating SCM namespace, may take a few minutes...\n"
                + "removing SCM namespace \"namespace0.0\", may take a few minutes...\n", c.out());
        assertEquals("WARNING: careful\nERROR: broken\n", c.err());
    }

    @Test
    public void debugShowsFine() {
        Console c = new Console(true);
        ConsoleLogging.install(c.log, true);
        Logger.getLogger("io.daos.control.network").fine("fi_getinfo: 8 records");
        assertEquals("DEBUG fi_getinfo: 8 records\n", c.out());
    }
}
