package org.pgstat4j.storage;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;

/**
 * Puts complete readers' (temporary) files in place, atomically: by exchanging the
 * {@code .tmp} name with the file it replaces (Linux {@code renameat2(RENAME_EXCHANGE)}), which
 * leaves the old file under the {@code .tmp} name until {@link #removeReplaced()}, else by an
 * atomic rename. Readers see the old file or the new one either way, but an exchange does not
 * pay for ext4's {@code auto_da_alloc}, which starts writing a file's data back when it is
 * renamed over an existing one: about half a millisecond per write round, in the middle of a
 * waiting reader's wait, for files that need no durability.
 *
 * <p>Invariants: {@link #place} returns true only when the new file is at the final name;
 * an exchange that fails changes nothing and the rename follows. Where the call is missing (not
 * Linux, an old C library), refused (no native access, a file system without the flag) or the
 * path's bytes are not known, names are renamed, as PostgreSQL does. Owned by the writing
 * (collector) thread.
 *
 * <p>The one way to misuse it: forgetting {@link #removeReplaced()} at the end of a round. The
 * replaced files then stay on disk under their {@code .tmp} names until the next write of each.
 */
final class ReadersFilePlacer {
    private static final int AT_FDCWD = -100;
    private static final int RENAME_EXCHANGE = 2;
    private static final int ENOENT = 2;
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(groupElement("errno"));
    /** The file system's path bytes are UTF-8, so a path string can be passed as such. */
    private static final boolean UTF8_PATHS =
            "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", ""));
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.storage");
    private static volatile boolean refused;

    /** {@code .tmp} names that hold a replaced file after an exchange. */
    private final ArrayList<Path> replaced = new ArrayList<>(4);

    /**
     * Puts the complete file {@code tmp} at {@code fin}; false (logged, {@code tmp} removed)
     * if it could not, the previous file then still in place.
     */
    boolean place(Path tmp, Path fin) {
        if (exchange(tmp, fin)) {
            replaced.add(tmp);
            return true;
        }
        try {
            Files.move(tmp, fin, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            LOG.log(Level.INFO, "could not rename temporary statistics file \"{0}\" to \"{1}\": {2}",
                    tmp, fin, e.getMessage());
            StatsFiles.deleteQuietly(tmp);
            return false;
        }
    }

    /** Removes the files replaced by exchanges since the last call (end of a write round). */
    void removeReplaced() {
        for (int i = 0; i < replaced.size(); i++) {
            StatsFiles.deleteQuietly(replaced.get(i));
        }
        replaced.clear();
    }

    /**
     * {@code renameat2}, or null where it cannot be used; bound at the first exchange, so a
     * process that only reads stats files makes no native call.
     */
    private static final class Binding {
        static final MethodHandle RENAMEAT2 = bind();
    }

    private static MethodHandle bind() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("renameat2")
                    .map(f -> linker.downcallHandle(f,
                            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT),
                            Linker.Option.captureCallState("errno")))
                    .orElse(null);
        } catch (RuntimeException e) { // IllegalCallerException: native access denied
            return null;
        }
    }

    /** Whether this JVM exchanges names (else {@link #exchange} always returns false). */
    static boolean available() {
        return !refused && Binding.RENAMEAT2 != null;
    }

    /**
     * Exchanges {@code tmp} and {@code fin}; false, with nothing changed, if that is not
     * possible here (then rename as usual) — in particular when {@code fin} does not exist yet.
     */
    static boolean exchange(Path tmp, Path fin) {
        if (!available()) {
            return false;
        }
        String from = tmp.toString();
        String to = fin.toString();
        if (!UTF8_PATHS && !(isAscii(from) && isAscii(to))) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int r = (int) Binding.RENAMEAT2.invokeExact(state, AT_FDCWD,
                    arena.allocateFrom(from, StandardCharsets.UTF_8), AT_FDCWD,
                    arena.allocateFrom(to, StandardCharsets.UTF_8), RENAME_EXCHANGE);
            if (r == 0) {
                return true;
            }
            if ((int) ERRNO.get(state, 0L) != ENOENT) {
                refused = true; // EINVAL (file system), ENOSYS (kernel), EPERM…: rename from now on
            }
            return false;
        } catch (Throwable e) {
            refused = true;
            return false;
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
