package org.pgstat4j.server.daemon;

import picocli.CommandLine;

/**
 * The entry point of the collector child process that the server starts (same java, same
 * class path): runs {@link CollectorCommand}. A separate main class keeps the child independent
 * of the program's command tree; {@code pgstat4j collector} runs the same command by hand.
 */
public final class CollectorMain {
    private CollectorMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CollectorCommand()).execute(args));
    }
}
