package io.daos.control.harness.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ServerConfig;

public class InstanceLogTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void itLivesNextToTheFirstLogFileWithADirectoryElseInTheLogDir() throws Exception {
        Fixture fx = new Fixture(tmp.getRoot().toPath());
        ServerConfig two = fx.config2("");
        Path logDir = Path.of("/var/log/daos");
        assertEquals(fx.dir.resolve(InstanceLog.FILE_NAME), InstanceLog.pathFor(two.servers(), logDir));
        assertEquals(logDir.resolve(InstanceLog.FILE_NAME), InstanceLog.pathFor(List.of(), logDir));
        List<IOServerConfig> noDir = List.of(withLogFile(two.servers().get(0), "io0.log"),
                withLogFile(two.servers().get(1), ""));
        assertEquals(logDir.resolve(InstanceLog.FILE_NAME), InstanceLog.pathFor(noDir, logDir));
        List<IOServerConfig> second = List.of(withLogFile(two.servers().get(0), ""), two.servers().get(1));
        assertEquals(fx.dir.resolve(InstanceLog.FILE_NAME), InstanceLog.pathFor(second, logDir));
    }

    /** {@code config} with its log_file replaced (a dynamic proxy over the interface). */
    private static IOServerConfig withLogFile(IOServerConfig config, String logFile) {
        return (IOServerConfig) java.lang.reflect.Proxy.newProxyInstance(IOServerConfig.class.getClassLoader(),
                new Class<?>[] {IOServerConfig.class}, (proxy, m, args) -> m.getName().equals("logFile")
                        ? logFile : m.invoke(config, args));
    }

    @Test
    public void linesAreAppendedToWhatIsThereAndTheDirectoryIsCreated() throws Exception {
        Path p = tmp.getRoot().toPath().resolve("a/b").resolve(InstanceLog.FILE_NAME);
        try (InstanceLog log = new InstanceLog(p)) {
            assertFalse(Files.exists(p)); // opened at the first line
            log.write("one");
        }
        try (InstanceLog log = new InstanceLog(p)) {
            log.write("two");
            assertEquals(List.of("one", "two"), Files.readAllLines(p)); // flushed at once
        }
    }

    @Test
    public void linesAfterCloseAreDropped() throws Exception {
        Path p = tmp.getRoot().toPath().resolve(InstanceLog.FILE_NAME);
        InstanceLog log = new InstanceLog(p);
        log.write("kept");
        log.close();
        log.write("late");
        log.close(); // twice is fine
        assertEquals(List.of("kept"), Files.readAllLines(p));
    }

    @Test
    public void aWriteErrorIsNotThrown() throws Exception {
        Path file = Files.writeString(tmp.getRoot().toPath().resolve("plain"), "x");
        try (InstanceLog log = new InstanceLog(file.resolve(InstanceLog.FILE_NAME))) {
            log.write("nowhere to go"); // its directory is a file
        }
    }

    @Test
    public void concurrentWritersNeverMixTheirLines() throws Exception {
        Path p = tmp.getRoot().toPath().resolve(InstanceLog.FILE_NAME);
        List<Thread> threads = new ArrayList<>();
        try (InstanceLog log = new InstanceLog(p)) {
            for (int t = 0; t < 4; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    for (int i = 0; i < 500; i++) {
                        log.write("writer " + id + " line " + i);
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
        }
        List<String> lines = Files.readAllLines(p);
        assertEquals(2000, lines.size());
        Set<String> distinct = new HashSet<>(lines);
        assertEquals(2000, distinct.size());
        for (String l : lines) {
            assertEquals(l, 4, l.split(" ").length);
        }
    }
}
