/**
 * The {@code system} commands of {@code dmg} (SPEC-SYSTEM §6.6.1, §2.9): {@code query [-r] [-v]},
 * {@code stop [--force]}, {@code start}, {@code leader-query} and {@code list-pools}, registered by
 * {@link io.daos.control.dmg.cmd.system.SystemCommands#register}. Each sends one request to the
 * single target (the first active connection in address order) and prints the reference's text:
 * rank/state group tables with ranks compressed ({@code [0-3,5]}), the verbose member table, the
 * single-rank entity, the {@code Rank Operation Result} table grouped by {@code <action>/<OK or msg>}.
 * A failed call prints {@code <Command> command failed: <error>} and, for a fault, its resolution line.
 *
 * <p>With {@code -j} each command prints one JSON document on stdout instead (and the connection
 * list becomes a debug message); the field names are stable:
 * <ul>
 * <li>{@code system query}: {@code {"members":[{"rank":0,"uuid":"…","addr":"127.0.0.1:10001","state":"Started"}]}}
 *     — members in reply order, {@code state} one of {@code Unknown Started Stopping Stopped Evicted
 *     Errored Unresponsive}, an empty address as {@code ":0"};</li>
 * <li>{@code system stop} and {@code system start}: {@code {"results":[{"rank":0,"action":"stop",
 *     "result":"OK","errored":false,"msg":"","state":"Stopped"}]}} — {@code result} is what the table's
 *     Result column shows ({@code OK} or the message);</li>
 * <li>{@code system leader-query}: {@code {"leader":"host1:10001","replicas":["host1:10001","host2:10001"]}};</li>
 * <li>{@code system list-pools}: the body of {@code pool list} (cmd.pool), the same request,
 * output and document: {@code {"pools":[{"uuid":"…","svc_replicas":[0,1,2]}]}}.</li>
 * </ul>
 *
 * <p>Beyond the reference: {@code --ranks} takes ranges ({@code 0-3,5}); a member state above 6
 * (which crashes the reference) fails the command with {@code invalid member state <n>}.
 */
package io.daos.control.dmg.cmd.system;
