/**
 * The command line of {@code dmg}: global options, commands, subcommands and flags with the
 * reference's parser messages, the processing order of every invocation, the client configuration
 * file ({@code daos.yml}) and the output conventions (info, error, debug and JSON lines).
 *
 * <p>One run ({@link io.daos.control.dmg.cli.Dmg#run}) goes:
 * <ol>
 * <li>{@link io.daos.control.dmg.cli.ArgParser} parses the arguments against
 *     {@link io.daos.control.dmg.cli.CommandTree} (go-flags semantics, no reflection) into an
 *     immutable {@link io.daos.control.dmg.cli.Invocation}: {@link io.daos.control.dmg.cli.GlobalOptions},
 *     the command path ({@code [pool, create]}) and typed flag values keyed by long name
 *     ({@code string}, {@code number}, {@code bool}, {@code ranks} accessors);</li>
 * <li>{@link io.daos.control.dmg.cli.Preprocessor} runs steps 1–7 of the reference: the proxy
 *     decision ({@link io.daos.control.dmg.cli.ProxyPolicy}, handed to the connection layer since
 *     the JVM cannot unset variables), {@code -d}, {@code -j}, the configuration search and strict
 *     load ({@link io.daos.control.dmg.cli.ClientConfigLoader}), {@code -l} through a
 *     {@link io.daos.control.dmg.cli.HostExpander}, {@code -f} ({@link io.daos.control.dmg.cli.HostFile})
 *     and {@code -i}, giving a {@link io.daos.control.dmg.cli.Session};</li>
 * <li>the {@link io.daos.control.dmg.cli.Connector} loads certificates in secure mode (step 8) and
 *     connects to {@link io.daos.control.dmg.cli.Session#addresses()} (step 9, every command but
 *     {@code version});</li>
 * <li>the {@link io.daos.control.dmg.cli.CommandBody} registered for the path in the
 *     {@link io.daos.control.dmg.cli.CommandRegistry} runs with a
 *     {@link io.daos.control.dmg.cli.CommandContext} (invocation, configuration, output,
 *     connections); any exception becomes {@code ERROR: dmg: <message>} (and a fault's resolution
 *     line) with exit status 1.</li>
 * </ol>
 *
 * <p>Start-up matters ({@code dmg} runs in well under 100 ms on top of the JVM): the tree is a few
 * dozen small objects, no lambda or record-method bootstrap runs on the common path, the time
 * formats and the zone data load only when a time is printed, and a {@code daos.yml} in the plain
 * YAML subset is read by {@link io.daos.control.dmg.cli.SimpleYaml} without loading snakeyaml.
 */
package io.daos.control.dmg.cli;
