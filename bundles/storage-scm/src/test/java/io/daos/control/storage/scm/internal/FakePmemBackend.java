package io.daos.control.storage.scm.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.daos.control.api.storage.ScmModule;
import io.daos.control.jna.LibraryNotInstalledException;

/**
 * Scripted PMem hardware for tests (this host has none): a module list or a discovery failure,
 * and per command line a queue of results (output text or an {@link IOException}); the last
 * result of a queue repeats. Records every command line run.
 */
class FakePmemBackend implements PmemBackend {

    final List<ScmModule> modules = new ArrayList<>();
    IOException discoveryError;
    LibraryNotInstalledException libraryMissing;
    final Set<String> missingCommands = new HashSet<>();
    final List<String> commands = new ArrayList<>();
    int discoveries;
    private final Map<String, Deque<Object>> results = new HashMap<>();

    /** Scripts the results of {@code commandLine} (space-joined argv), in order. */
    FakePmemBackend on(String commandLine, Object... outputs) {
        Deque<Object> q = new ArrayDeque<>();
        for (Object o : outputs) {
            if (!(o instanceof String) && !(o instanceof IOException)) {
                throw new IllegalArgumentException("output must be a String or an IOException: " + o);
            }
            q.add(o);
        }
        results.put(commandLine, q);
        return this;
    }

    @Override
    public List<ScmModule> discoverModules() throws IOException, LibraryNotInstalledException {
        discoveries++;
        if (libraryMissing != null) {
            throw libraryMissing;
        }
        if (discoveryError != null) {
            throw discoveryError;
        }
        return List.copyOf(modules);
    }

    @Override
    public boolean hasCommand(String name) {
        return !missingCommands.contains(name);
    }

    @Override
    public String run(List<String> argv, long timeoutSeconds) throws IOException {
        String line = String.join(" ", argv);
        commands.add(line);
        if (missingCommands.contains(argv.get(0))) {
            throw new IOException(argv.get(0) + ": command not found");
        }
        Deque<Object> q = results.get(line);
        if (q == null || q.isEmpty()) {
            throw new AssertionError("unscripted command: " + line);
        }
        Object r = q.size() > 1 ? q.poll() : q.peek();
        if (r instanceof IOException e) {
            throw e;
        }
        return (String) r;
    }
}
