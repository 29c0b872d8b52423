/**
 * System membership vocabulary: {@link io.daos.control.api.system.Rank},
 * {@link io.daos.control.api.system.RankSet} (reference range syntax) and
 * {@link io.daos.control.api.system.MemberState} (wire numbers of WIRE.md §5.8).
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.daos.control.api.system;
