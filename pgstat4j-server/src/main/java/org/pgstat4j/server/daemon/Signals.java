package org.pgstat4j.server.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Installs handlers for the signals PostgreSQL's processes react to (SIGTERM, SIGINT, SIGHUP),
 * through {@code sun.misc.Signal} from {@code jdk.unsupported}: the only JDK way to catch
 * SIGHUP, and for SIGTERM/SIGINT it replaces the JVM's "run shutdown hooks and exit", so the
 * server stops in its own order.
 *
 * <p>A handler runs on the JVM's signal-dispatch thread: it must only set a flag or queue a
 * request, never do the work itself.
 */
final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger("org.pgstat4j.server");

    private Signals() {
    }

    /** Runs {@code action} when signal {@code name} (TERM, INT, HUP) arrives. */
    static void handle(String name, Runnable action) {
        try {
            Signal.handle(new Signal(name), sig -> action.run());
        } catch (IllegalArgumentException e) {
            // e.g. the JVM runs with -Xrs or the signal is reserved here
            LOG.warn("cannot handle SIG{}: {}", name, e.getMessage());
        }
    }

    /** Ignores signal {@code name}. */
    static void ignore(String name) {
        try {
            Signal.handle(new Signal(name), SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException e) {
            LOG.warn("cannot ignore SIG{}: {}", name, e.getMessage());
        }
    }
}
