package org.pgstat4j.server.daemon;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The daemon commands under one root, for tests that start real server processes (the
 * program's own root command lives elsewhere and registers the same classes).
 */
@Command(name = "pgstat4j", subcommands = {ServerCommand.class, CtlCommand.class, CollectorCommand.class})
public final class TestMain {
    public static void main(String[] args) {
        System.exit(new CommandLine(new TestMain()).execute(args));
    }
}
