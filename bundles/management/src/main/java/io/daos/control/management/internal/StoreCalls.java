package io.daos.control.management.internal;

import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.Result;
import io.daos.control.management.internal.db.SystemDb;
import io.daos.control.management.internal.db.SystemStore;




/** The system DB for the gRPC handlers: a DB that cannot answer is a gRPC error with its reason. */
final class StoreCalls {

    private StoreCalls() {
    }

    /** The applied state; an unavailable DB is a gRPC error with its reason. */
    static SystemDb view(SystemStore store) {
        try {
            return store.view();
        } catch (SystemStore.StoreUnavailableException e) {
            throw GrpcErrors.error(e.getMessage());
        }
    }

    /** Applies {@code c} through the store; an unavailable DB is a gRPC error with its reason. */
    static Result submit(SystemStore store, Command c) {
        try {
            return store.submit(c);
        } catch (SystemStore.StoreUnavailableException e) {
            throw GrpcErrors.error(e.getMessage());
        }
    }
}
