/**
 * {@code dmg}, the DAOS management tool, in Java: every command and flag of the v1.0 {@code dmg},
 * the same tables, real JSON, over the v1.0 wire. {@link io.daos.control.dmg.Main} is the entry
 * point of {@code bin/dmg}.
 */
package io.daos.control.dmg;
