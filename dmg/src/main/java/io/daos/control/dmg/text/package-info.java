/**
 * Text the way the v1.0 {@code dmg} writes it (SPEC-SYSTEM §6.3–§6.5), as pure functions:
 * <ul>
 * <li>{@link io.daos.control.dmg.text.HostList#expandAddresses} — the {@code -l} option to sorted,
 *     de-duplicated {@code host:port} addresses. The host-list syntax, its sets and renderings are
 *     {@link io.daos.control.api.net.HostList} (shared with the server); addresses are split by
 *     {@link io.daos.control.api.net.HostPort}; ranks compress through
 *     {@link io.daos.control.api.system.RankSet}.</li>
 * <li>{@link io.daos.control.dmg.text.Table} — column tables with trailing spaces and {@code None}.</li>
 * <li>{@link io.daos.control.dmg.text.Entity} — the {@code key : value} view of one entity.</li>
 * <li>{@link io.daos.control.dmg.text.HostGroups} — hosts or ranks grouped by a result text, printed
 *     as a right-aligned group list, a group table, or group blocks.</li>
 * <li>{@link io.daos.control.dmg.text.Sizes} — {@code --scm-size}/{@code --nvme-size} parsing and the
 *     humanised SI/IEC rendering ({@link io.daos.control.api.storage.Humanize}).</li>
 * </ul>
 * Nothing here depends on the command line or on connections; every failure is an
 * {@link java.lang.IllegalArgumentException} carrying the reference's message, ready to print.
 */
package io.daos.control.dmg.text;
