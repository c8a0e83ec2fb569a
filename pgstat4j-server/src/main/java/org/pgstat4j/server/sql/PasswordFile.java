package org.pgstat4j.server.sql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SQL endpoint's password file ({@code --sql-password-file}): one role a line, as each
 * PostgreSQL role has its own password.
 *
 * <pre>
 * # comment
 * alice:her password        # a role: user name alice must prove "her password"
 * *:shared secret           # any user name without a line of its own
 * </pre>
 *
 * <p>A line is {@code NAME:PASSWORD}: the user name up to the first colon (so a name holds no
 * colon), the password everything after it to the end of the line, taken as written (it may
 * hold colons, {@code #} and blanks). The name {@value #ANY_USER} stands for every user name
 * that has no line of its own; a login by it never gets a superuser's rights. Blank lines and
 * lines whose first non-blank character is {@code #} are skipped. A line without a colon
 * (such as a bare password, the file's earlier form), an empty or blank-padded name, an empty
 * password, a name given twice, or a file without any role is refused with the file's name
 * and the line's number — never the line's text, which may be a password.
 *
 * <p>Invariant: {@link #read} returns names and passwords exactly as {@link PgWireConfig#passwords()}
 * takes them (none empty), in the file's order, or throws.
 */
public final class PasswordFile {
    /** The name of the line whose password every user name without its own line may prove. */
    public static final String ANY_USER = "*";

    private static final System.Logger LOG = System.getLogger("org.pgstat4j.server");

    private PasswordFile() {
    }

    /**
     * The passwords of {@code file}, by user name; an {@link IOException} naming the file and
     * the line when it is malformed. A file others may read is reported as a WARNING.
     */
    public static Map<String, String> read(Path file) throws IOException {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.log(System.Logger.Level.WARNING, "the SQL password file " + file + " can be read by other users"
                        + " (mode " + PosixFilePermissions.toString(mode) + "); make it readable by its owner only"
                        + " (chmod 600)");
            }
        } catch (UnsupportedOperationException e) {
            // no POSIX permissions on this file system: nothing to check
        }
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    /** The passwords in {@code lines}; {@code source} names the file in errors. */
    static Map<String, String> parse(List<String> lines, String source) throws IOException {
        Map<String, String> passwords = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int number = i + 1;
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw malformed(source, number, "no colon: each line is NAME:PASSWORD (a role and its password),"
                        + " or " + ANY_USER + ":PASSWORD for every other user name; a bare password line is not"
                        + " accepted");
            }
            String name = line.substring(0, colon);
            String password = line.substring(colon + 1);
            if (name.isEmpty()) {
                throw malformed(source, number, "no user name before the colon (NAME:PASSWORD, or "
                        + ANY_USER + ":PASSWORD for every other user name)");
            }
            if (!name.equals(name.strip())) {
                throw malformed(source, number, "the user name \"" + name + "\" begins or ends with a blank");
            }
            if (password.isEmpty()) {
                throw malformed(source, number, "the password of \"" + name + "\" is empty");
            }
            Integer first = lineOf.putIfAbsent(name, number);
            if (first != null) {
                throw malformed(source, number, "a second line for \"" + name + "\" (the first is line " + first + ")");
            }
            passwords.put(name, password);
        }
        if (passwords.isEmpty()) {
            throw new IOException("the SQL password file " + source + " holds no password: write one NAME:PASSWORD"
                    + " line per role, or " + ANY_USER + ":PASSWORD for every user name");
        }
        return Collections.unmodifiableMap(passwords);
    }

    private static IOException malformed(String source, int line, String what) {
        return new IOException("the SQL password file " + source + ", line " + line + ": " + what);
    }
}
