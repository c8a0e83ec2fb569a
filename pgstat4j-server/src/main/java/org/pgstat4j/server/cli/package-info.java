/**
 * The {@code pgstat4j} command line (picocli): {@link org.pgstat4j.server.cli.Main} with one
 * subcommand per task, listed in {@code Main.SUBCOMMANDS}. Exit codes are the same for
 * every subcommand: 0 success, 1 runtime error (one line on standard error, never a stack
 * trace), 2 usage error. Standard output carries only results; logs go to standard error.
 */
package org.pgstat4j.server.cli;
