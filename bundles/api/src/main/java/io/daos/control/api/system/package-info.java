/**
 * System membership vocabulary: {@link io.daos.control.api.system.Rank},
 * {@link io.daos.control.api.system.RankSet} (reference range syntax) and
 * {@link io.daos.control.api.system.MemberState} (wire numbers of WIRE.md §5.8); the membership
 * registry ({@link io.daos.control.api.system.SystemMembership}) and the routing of whole-system
 * methods to the system DB leader ({@link io.daos.control.api.system.LeaderRouter}).
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package io.daos.control.api.system;
