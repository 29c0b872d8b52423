package io.daos.control.engine;

import java.nio.file.Path;

/** Child process of {@link StateStoreKillIT}: saves a sizeable state over and over and prints
 *  each generation once its save has returned. */
public final class StateWriterLoop {
    private StateWriterLoop() {
    }

    public static void main(String[] args) throws Exception {
        StateStore store = new StateStore(Path.of(args[0]));
        EngineState s = store.load();
        EngineState big = StateStoreTest.sample();
        for (int i = 0; i < 300; i++) {
            s.pools.put(String.format("%08d-0000-0000-0000-000000000000", i),
                    big.pools.values().iterator().next());
        }
        System.out.println("start " + s.generation);
        while (true) {
            store.save(s);
            System.out.println(s.generation);
        }
    }
}
