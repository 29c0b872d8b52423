package io.daos.control.api.storage;

/**
 * One persistent-memory module as libipmctl discovers it (SPEC-SERVER §4.3; wire
 * {@code ctl.ScmModule}).
 *
 * @param channelId       memory channel
 * @param channelPosition slot on the channel
 * @param controllerId    memory controller
 * @param socketId        CPU socket
 * @param physicalId      physical module id
 * @param capacity        bytes
 */
public record ScmModule(int channelId, int channelPosition, int controllerId, int socketId, int physicalId,
        long capacity) {
}
