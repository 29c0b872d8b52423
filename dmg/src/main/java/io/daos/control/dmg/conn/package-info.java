/**
 * {@code dmg}'s connections to control servers: dialling every host at once and waiting for each to
 * be ready or failed, mutual TLS from {@code transport_config}, and errors over gRPC (faults
 * reconstructed from their status details, the Go tools' status text otherwise).
 */
package io.daos.control.dmg.conn;
