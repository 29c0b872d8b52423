package io.daos.control.management.internal.db;

/**
 * A {@link SystemStore} without a log: each command is applied to one in-memory {@link SystemDb}
 * at once. For tests of the services that use the store, and as the model the replicated store
 * must agree with.
 */
public final class LocalStore implements SystemStore {

    private final SystemDb db;

    /** Over an empty DB. */
    public LocalStore() {
        this(new SystemDb());
    }

    /** Over the given DB. */
    public LocalStore(SystemDb db) {
        this.db = db;
    }

    @Override
    public Result submit(Command command) {
        return db.apply(command);
    }

    @Override
    public SystemDb view() {
        return db;
    }
}
