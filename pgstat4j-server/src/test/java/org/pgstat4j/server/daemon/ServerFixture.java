package org.pgstat4j.server.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The daemon tests' one set-up: starts real servers ({@link ServerProcess}) and, after each
 * test, kills every server and collector it started, by PID. Register it with
 * {@code @RegisterExtension final ServerFixture servers = new ServerFixture();} and start
 * servers with {@link #start}.
 */
final class ServerFixture implements AfterEachCallback {
    private final List<ServerProcess> started = new ArrayList<>();

    /** Starts {@code pgstat4j server -D data args...}, logging to {@code log}. */
    ServerProcess start(Path data, Path log, String... args) throws Exception {
        ServerProcess s = ServerProcess.start(data, log, args);
        started.add(s);
        return s;
    }

    /** Starts the server command under {@code prefix} (see {@link ServerProcess#startUnder}). */
    ServerProcess startUnder(List<String> prefix, Path data, Path log, String... args) throws Exception {
        return startUnder(prefix, java.util.Map.of(), data, log, args);
    }

    /** The same with {@code env} added to the server's environment. */
    ServerProcess startUnder(List<String> prefix, java.util.Map<String, String> env, Path data, Path log,
                             String... args) throws Exception {
        ServerProcess s = ServerProcess.startUnder(prefix, env, data, log, args);
        started.add(s);
        return s;
    }

    /** Starts a server on {@code data} and waits until it is ready. */
    ServerProcess startReady(Path data, Path log, String... args) throws Exception {
        ServerProcess s = start(data, log, args);
        s.awaitReady();
        return s;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(ServerProcess::close);
        started.clear();
    }
}
