/**
 * The command line of {@code dmg}: global options, commands, subcommands and flags with the
 * reference's parser messages, the processing order of every invocation, the client configuration
 * file ({@code daos.yml}) and the output conventions (info, error, debug and JSON lines).
 */
package io.daos.control.dmg.cli;
