package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

import io.daos.control.itest.support.TestFiles;

/**
 * The e2e fixture itself: after a test that fails half-way, {@link WorkRule} has stopped the
 * server it started, killed a process left naming the work directory (only that directory), unmounted a tmpfs in it
 * (before deleting: a mount point cannot be deleted) and deleted the directory.
 */
public class WorkRuleIT {

    private Path dir;
    private ServerProcess server;
    private Process stray;
    private Path sibling;
    private Process neighbour;

    /** In case this test fails: what the rule under test should have cleaned. */
    @After
    public void cleanUp() throws Exception {
        if (stray != null) {
            stray.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
        if (neighbour != null) {
            neighbour.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (dir != null) {
            Teardown.unmountAndDelete(dir);
        }
        TestFiles.deleteTree(sibling);
    }

    /** Runs {@code body} as a test inside a fresh rule; returns what the test threw (or null). */
    private Throwable runFailingTest(WorkRule rule, Statement body) {
        try {
            rule.apply(body, Description.createTestDescription(WorkRuleIT.class, "inner")).evaluate();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** A fake bin/daos_server in the work dir that runs until killed. */
    private static Dist fakeDist(Path home) throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin")).resolve("daos_server");
        Files.writeString(bin, "#!/bin/sh\nexec tail -f " + home.resolve("bin/daos_server") + "\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Dist.at(home);
    }

    @Test
    public void aFailedTestLeavesNoProcessAndNoDirectory() throws Exception {
        WorkRule rule = new WorkRule(null, "e2e-workrule");
        Throwable thrown = runFailingTest(rule, new Statement() {
            @Override
            public void evaluate() throws Throwable {
                dir = rule.dir();
                server = rule.track(ServerProcess.start(fakeDist(dir)));
                // a process the test lost track of (e.g. an engine whose daos_server was killed)
                Files.writeString(dir.resolve("log"), "");
                stray = new ProcessBuilder("tail", "-f", dir.resolve("log").toString()).start();
                // not this test's: a directory whose name only starts like the work directory
                sibling = Files.createDirectory(Path.of(dir + "9"));
                Files.writeString(sibling.resolve("log"), "");
                neighbour = new ProcessBuilder("tail", "-f", sibling.resolve("log").toString()).start();
                fail("the test fails before its clean-up");
            }
        });
        assertEquals("the test's own failure, nothing from the tear-down",
                "the test fails before its clean-up", thrown.getMessage());
        assertTrue(server.process.waitFor(10, TimeUnit.SECONDS));
        assertTrue(stray.waitFor(10, TimeUnit.SECONDS));
        assertFalse(Files.exists(dir));
        assertTrue("a process of another directory was killed", neighbour.isAlive());
        assertTrue(Files.exists(sibling));
    }

    @Test
    public void aMountedScmIsUnmountedBeforeTheDelete() throws Exception {
        Assume.assumeTrue("mounting a tmpfs needs root: run the build as root", NodeSupport.isRoot());
        WorkRule rule = new WorkRule(null, "e2e-workrule");
        Throwable thrown = runFailingTest(rule, new Statement() {
            @Override
            public void evaluate() throws Throwable {
                dir = rule.dir();
                Path scm = Files.createDirectories(dir.resolve("scm0"));
                Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", scm.toString())
                        .inheritIO().start();
                assertTrue(m.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, m.exitValue());
                Files.writeString(scm.resolve("superblock"), "on the tmpfs");
                assertTrue(TestFiles.isMountPoint(scm));
                fail("the test fails with its SCM mounted");
            }
        });
        assertEquals("the test fails with its SCM mounted", thrown.getMessage());
        assertFalse(TestFiles.isMountPoint(dir.resolve("scm0")));
        assertFalse(Files.exists(dir));
    }
}
