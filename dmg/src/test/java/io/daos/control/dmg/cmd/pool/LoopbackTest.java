package io.daos.control.dmg.cmd.pool;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

/** A test of whole {@code dmg pool} runs against a {@link FakeMgmt} started for each test. */
public abstract class LoopbackTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** The management service of this test. */
    protected FakeMgmt mgmt;
    /** The working directory of the runs. */
    protected Path cwd;

    @Before
    public void startService() throws IOException {
        mgmt = new FakeMgmt();
        cwd = tmp.getRoot().toPath();
    }

    @After
    public void stopService() throws InterruptedException {
        mgmt.close();
    }
}
