/**
 * The command bodies of {@code dmg}, one sub-package per command group, and what they share: the
 * {@link io.daos.control.dmg.cmd.GrpcConnector} that opens the connections of a run and prints
 * their states, and the {@link io.daos.control.dmg.cmd.JsonWriter} of the {@code -j} documents.
 */
package io.daos.control.dmg.cmd;
