package io.daos.control.ratis.runtime.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.fail;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.After;
import org.junit.Test;

public class RatisActivatorTest {

    private final Logger ratis = Logger.getLogger(RatisActivator.RATIS_LOGGER);

    @After
    public void resetLevel() {
        ratis.setLevel(null);
    }

    /** Guards a Ratis upgrade: every class the activator initialises still exists by that name. */
    @Test
    public void everyEagerClassExistsInTheEmbeddedRatis() throws Exception {
        RatisActivator.initialise(RatisActivator.class.getClassLoader());
        for (String name : RatisActivator.EAGER) {
            assertEquals(name, Class.forName(name, false, RatisActivator.class.getClassLoader()).getName());
        }
    }

    /** The context loader seen during initialisation is the one given, and it is restored after. */
    @Test
    public void initialiseRunsUnderTheGivenContextLoaderAndRestoresThePrevious() throws Exception {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        List<ClassLoader> seen = new ArrayList<>();
        ClassLoader own = RatisActivator.class.getClassLoader();
        ClassLoader recording = new URLClassLoader(new URL[0], own) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                seen.add(Thread.currentThread().getContextClassLoader());
                return super.loadClass(name, resolve);
            }
        };
        RatisActivator.initialise(recording);
        assertEquals(RatisActivator.EAGER.size(), seen.size());
        for (ClassLoader l : seen) {
            assertSame(recording, l);
        }
        assertSame(previous, Thread.currentThread().getContextClassLoader());
    }

    @Test
    public void aMissingClassFailsTheStartAndStillRestoresTheContextLoader() {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        ClassLoader empty = new URLClassLoader(new URL[0], null);
        try {
            RatisActivator.initialise(empty);
            fail("Ratis is not visible to an empty loader");
        } catch (ClassNotFoundException expected) {
            // the bundle fails to start rather than failing later in RaftServer.build
        }
        assertSame(previous, Thread.currentThread().getContextClassLoader());
    }

    @Test
    public void ratisLogsAtWarningWhileActiveUnlessConfigured() throws Exception {
        RatisActivator activator = new RatisActivator();
        activator.start(null);
        assertEquals(Level.WARNING, ratis.getLevel());
        activator.stop(null);
        assertNull("level restored on stop", ratis.getLevel());

        ratis.setLevel(Level.FINE);
        activator.start(null);
        assertEquals("a configured level is kept", Level.FINE, ratis.getLevel());
        activator.stop(null);
        assertEquals(Level.FINE, ratis.getLevel());
    }
}
