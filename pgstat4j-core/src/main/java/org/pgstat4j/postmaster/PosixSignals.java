package org.pgstat4j.postmaster;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import org.pgstat4j.transport.unix.Libc;

/**
 * Sends POSIX signals to other processes — what {@code pg_ctl} and the postmaster do with
 * {@code kill(2)}: SIGTERM to stop, SIGHUP to reload, SIGKILL as a last resort. Called through
 * the Foreign Function &amp; Memory API; the JDK can only send SIGTERM and SIGKILL.
 *
 * <p>The signal numbers are Linux's (x86-64 and aarch64 agree on these).
 *
 * <p>The one way to misuse it: signalling a PID read from a stale lock file. By then the PID
 * may belong to another process; check that the process is the one meant first.
 */
public final class PosixSignals {
    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;

    private static final int ESRCH = 3;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(groupElement("errno"));
    private static final MethodHandle KILL = LINKER.downcallHandle(
            LINKER.defaultLookup().find("kill").orElseThrow(() -> new UnsatisfiedLinkError("kill")),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.captureCallState("errno"));

    private PosixSignals() {
    }

    /**
     * Sends {@code signal} to process {@code pid}. Returns false if there is no such process;
     * throws for any other failure (e.g. "Operation not permitted").
     */
    public static boolean send(long pid, int signal) throws IOException {
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a process id: " + pid); // never a group or "all"
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(CALL_STATE);
            int rc;
            try {
                rc = (int) KILL.invokeExact(cs, (int) pid, signal);
            } catch (Throwable t) {
                throw new IllegalStateException("kill() could not be called", t);
            }
            if (rc == 0) {
                return true;
            }
            int errno = (int) ERRNO.get(cs, 0L);
            if (errno == ESRCH) {
                return false;
            }
            throw Libc.error("kill(" + pid + ", " + signal + ")", errno);
        }
    }

    /**
     * Whether process {@code pid} has a handler for {@code signal}, from the {@code SigCgt} mask
     * of {@code /proc/PID/status}; true where that cannot be read (not Linux), so callers fall
     * back to plain signalling.
     */
    public static boolean catches(long pid, int signal) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("SigCgt:")) {
                    long mask = Long.parseUnsignedLong(line.substring("SigCgt:".length()).trim(), 16);
                    return (mask & (1L << (signal - 1))) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown: assume it does
        }
        return true;
    }

    /** A signal's short name (TERM, KILL, ...) or its number. */
    public static String name(int signal) {
        return switch (signal) {
            case SIGHUP -> "HUP";
            case SIGINT -> "INT";
            case 3 -> "QUIT";
            case 6 -> "ABRT";
            case SIGKILL -> "KILL";
            case 11 -> "SEGV";
            case SIGTERM -> "TERM";
            default -> Integer.toString(signal);
        };
    }

    /** What the C library's {@code strsignal} says, as PostgreSQL prints it after "signal N: ". */
    public static String description(int signal) {
        return switch (signal) {
            case SIGHUP -> "Hangup";
            case SIGINT -> "Interrupt";
            case 3 -> "Quit";
            case 4 -> "Illegal instruction";
            case 6 -> "Aborted";
            case 7 -> "Bus error";
            case 8 -> "Floating point exception";
            case SIGKILL -> "Killed";
            case 11 -> "Segmentation fault";
            case 13 -> "Broken pipe";
            case SIGTERM -> "Terminated";
            default -> "Unknown signal " + signal;
        };
    }
}
