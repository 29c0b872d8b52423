/**
 * The {@code pool} commands of {@code dmg} (SPEC-SYSTEM §6.6.2): create, destroy, list, query,
 * set-prop and the four ACL commands. Each sends one request to the single target (the first
 * active connection, the access point) through {@link io.daos.control.dmg.conn.Invoker#single}
 * and prints what the reference prints, byte for byte. {@link io.daos.control.dmg.cmd.pool.PoolCommands#register}
 * adds them to a {@link io.daos.control.dmg.cli.CommandRegistry}.
 *
 * <p>Client-side checks are the reference's: sizes ({@code 1G} = 10<sup>9</sup>, {@code 1GiB} =
 * 2<sup>30</sup>), at most 13 service replicas, the rank list (ranges such as {@code 0-3,5}
 * accepted), the pool UUID of {@code create} (generated when {@code -p} is absent; any other
 * command passes its UUID through), the ACL file's readability and non-emptiness. The ACL entries
 * themselves are validated by the server, as in the reference.
 *
 * <p>With {@code -j} a command prints no text lines but, on success, one JSON document on stdout;
 * on failure only the error (a JSON line on stderr) and exit status 1. The documents' fields:
 * <ul>
 * <li>{@code create}: {@code uuid}, {@code svc_replicas} (array of ranks);</li>
 * <li>{@code destroy}: {@code uuid}, {@code destroyed} ({@code true});</li>
 * <li>{@code list}: {@code pools}, an array of {@code {uuid, svc_replicas}} in reply order;</li>
 * <li>{@code query}: {@code uuid}, {@code total_targets}, {@code active_targets},
 *     {@code disabled_targets}, {@code scm} and {@code nvme} ({@code {total, free, min, max, mean}}
 *     in bytes, or {@code null} when the reply lacks them), {@code rebuild}
 *     ({@code {status, state, objects, records}} with state {@code idle}, {@code done} or
 *     {@code busy}, or {@code null});</li>
 * <li>{@code set-prop}: {@code uuid}, {@code name}, {@code value} (string, or number when the
 *     server answered with one);</li>
 * <li>the ACL commands: {@code uuid}, {@code owner_user}, {@code owner_group}, {@code entries}
 *     (the pool's ACL after the command, canonical entry strings), {@code outfile} (the file
 *     {@code get-acl -o} wrote, else {@code null}).</li>
 * </ul>
 */
package io.daos.control.dmg.cmd.pool;
