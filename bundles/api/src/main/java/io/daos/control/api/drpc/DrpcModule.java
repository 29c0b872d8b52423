package io.daos.control.api.drpc;

/**
 * One dRPC module served on a dRPC listener (WIRE.md §4.5, §4.6). Inside OSGi, register an
 * implementation as a service; the drpc bundle dispatches every call whose {@code module} equals
 * {@link #moduleId()} to it (one module per id; on a duplicate the higher
 * {@code service.ranking} wins).
 *
 * <p>Calls on one connection arrive strictly one after another, but different connections call
 * {@link #handle} concurrently, so implementations must be thread-safe.
 */
public interface DrpcModule {

    /** The module id this handler serves (see {@link DrpcIds}). */
    int moduleId();

    /**
     * Runs one method.
     *
     * @param method the method id of the call
     * @param body the serialized request message (empty when the caller sent none; never null)
     * @return the serialized reply for a {@link DrpcStatus#SUCCESS} response, possibly empty
     *         (null is taken as empty)
     * @throws DrpcException to answer with its status instead: {@link DrpcStatus#UNKNOWN_METHOD}
     *         for a method this module does not implement,
     *         {@link DrpcStatus#FAILED_UNMARSHAL_PAYLOAD} for a body that does not decode,
     *         {@link DrpcStatus#FAILED_MARSHAL} when the reply cannot be built, otherwise
     *         {@link DrpcStatus#FAILURE}; any unchecked exception is answered with FAILURE too
     */
    byte[] handle(int method, byte[] body) throws DrpcException;
}
