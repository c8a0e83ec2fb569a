package org.pgstat4j.server.daemon;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
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
 * <p>A signal inherited as ignored (SIGHUP under {@code nohup}, SIGINT for a background job of
 * a non-interactive shell) makes the JVM skip the handler silently. Like PostgreSQL, which
 * installs its handlers whatever it inherited, {@link #handle} then resets the signal to its
 * default disposition ({@code signal(2)} through the FFM API) and installs the handler again,
 * and logs that it did.
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
            Signal sig = new Signal(name);
            SignalHandler h = s -> action.run();
            if (Signal.handle(sig, h) == SignalHandler.SIG_IGN) {
                // the JVM saw SIG_IGN and left it in place: reset it, then install for real
                resetToDefault(sig.getNumber());
                Signal.handle(sig, h);
                LOG.info("SIG{} was ignored when this process started (nohup?); it is handled all the same", name);
            }
        } catch (IllegalArgumentException e) {
            // e.g. the JVM runs with -Xrs or the signal is reserved here
            LOG.warn("cannot handle SIG{}: {}", name, e.getMessage());
        }
    }

    /** {@code signal(number, SIG_DFL)}. */
    private static void resetToDefault(int number) {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle signal = linker.downcallHandle(linker.defaultLookup().find("signal").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
            MemorySegment previous = (MemorySegment) signal.invokeExact(number, MemorySegment.NULL);
            if (previous.address() == -1L) { // SIG_ERR
                LOG.warn("could not reset the disposition of signal {}", number);
            }
        } catch (Throwable e) {
            LOG.warn("could not reset the disposition of signal {}: {}", number, e.toString());
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
