package io.daos.control.api.harness;

import io.daos.control.api.system.Rank;

/**
 * One local I/O server instance as its superblock describes it now, for the management bundle:
 * to recognise a Join that comes from this server's own instance 0 (by its UUID) and to find the
 * local instance that holds a rank.
 *
 * @param index the instance index in the configuration
 * @param uuid the instance's permanent identity, or null while it has no superblock yet
 * @param rank the rank the system gave it (bootstrap or Join), or null while it has none yet (a
 *        configured rank counts only once a Join has confirmed it)
 * @param msReplica the superblock says this instance hosts a management-service replica
 */
public record LocalInstance(int index, String uuid, Rank rank, boolean msReplica) {
}
