package org.pgstat4j.server.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.pgstat4j.server.workload.Session;
import org.pgstat4j.server.workload.SessionBuilder;

/**
 * Scenario tests in the manner of PostgreSQL's isolation spec {@code stats.spec}: a scenario
 * is opened by the invariant it checks, declares its sessions and named steps, and runs one
 * or more permutations — orders of steps — each against a fresh statistics system.
 *
 * <p>A step named {@code s1_xxx} belongs to session {@code s1}. Every session has built-in
 * steps: {@code _begin}, {@code _commit}, {@code _rollback}, {@code _select1},
 * {@code _ff} (force the next flush and go idle, PostgreSQL 15's
 * {@code pg_stat_force_next_flush()}), {@code _clear} ({@code pg_stat_clear_snapshot()}),
 * {@code _close} (disconnect: the final flush) and {@code _reconnect} ({@code \c -}).
 * {@link #check} steps run outside any session, with the {@link World} (its observer reads
 * without being counted); the built-in check {@code settle} waits until everything sent so
 * far is visible. A failing step reports the permutation and the steps run before it.
 */
final class ScenarioSpec {
    @FunctionalInterface
    interface SessionStep {
        void run(Session s) throws Exception;
    }

    @FunctionalInterface
    interface Step {
        void run(Session s, World w) throws Exception;
    }

    @FunctionalInterface
    interface WorldStep {
        void run(World w) throws Exception;
    }

    private final String invariant;
    private WorldStep setup = w -> { };
    private final Map<String, BiConsumer<SessionBuilder, World>> sessions = new LinkedHashMap<>();
    private final Map<String, Step> sessionSteps = new LinkedHashMap<>();
    private final Map<String, WorldStep> checks = new LinkedHashMap<>();
    private final List<List<String>> permutations = new ArrayList<>();

    private ScenarioSpec(String invariant) {
        this.invariant = invariant;
    }

    /** A scenario checking {@code invariant}. */
    static ScenarioSpec spec(String invariant) {
        return new ScenarioSpec(invariant);
    }

    /** Runs before the sessions connect, in every permutation (DDL, initial data). */
    ScenarioSpec setup(WorldStep s) {
        setup = s;
        return this;
    }

    ScenarioSpec session(String name) {
        return session(name, (b, w) -> { });
    }

    /** A session whose builder is configured by {@code config} (settings, clock, role). */
    ScenarioSpec session(String name, BiConsumer<SessionBuilder, World> config) {
        if (name.contains("_")) {
            throw new IllegalArgumentException("session names must not contain '_': " + name);
        }
        sessions.put(name, config);
        return this;
    }

    ScenarioSpec step(String name, SessionStep step) {
        return step(name, (s, w) -> step.run(s));
    }

    ScenarioSpec step(String name, Step step) {
        requireNew(name);
        sessionSteps.put(name, step);
        return this;
    }

    /** A step outside the sessions: a check through the observer, or a server event. */
    ScenarioSpec check(String name, WorldStep step) {
        requireNew(name);
        checks.put(name, step);
        return this;
    }

    private void requireNew(String name) {
        if (sessionSteps.containsKey(name) || checks.containsKey(name)) {
            throw new IllegalArgumentException("step " + name + " is defined twice");
        }
    }

    ScenarioSpec permutation(String... steps) {
        permutations.add(List.of(steps));
        return this;
    }

    /** Runs every permutation, each in its own subdirectory of {@code dir}. */
    void run(Path dir) {
        if (permutations.isEmpty()) {
            throw new IllegalStateException("scenario \"" + invariant + "\" has no permutation");
        }
        for (List<String> p : permutations) {
            for (String step : p) {
                resolve(step);
            }
        }
        for (int i = 0; i < permutations.size(); i++) {
            runPermutation(dir.resolve("permutation-" + (i + 1)), permutations.get(i));
        }
    }

    private void runPermutation(Path dir, List<String> steps) {
        List<String> done = new ArrayList<>();
        try (World w = World.start(dir)) {
            run(w, "setup", () -> setup.run(w), steps, done);
            for (String s : sessions.keySet()) {
                w.putSession(s, connect(s, w));
            }
            for (String step : steps) {
                WorldStep body = resolve(step);
                run(w, step, () -> body.run(w), steps, done);
                done.add(step);
            }
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private void run(World w, String step, Body body, List<String> steps, List<String> done) {
        try {
            body.run();
        } catch (Throwable e) {
            throw new AssertionError("scenario \"" + invariant + "\", permutation " + String.join(" ", steps)
                    + ": step " + step + " failed after [" + String.join(" ", done) + "]: " + e, e);
        }
    }

    private Session connect(String name, World w) {
        SessionBuilder b = w.db().session().name(name);
        sessions.get(name).accept(b, w);
        return b.connect();
    }

    private WorldStep resolve(String step) {
        WorldStep check = checks.get(step);
        if (check != null) {
            return check;
        }
        if (step.equals("settle")) {
            return World::settle;
        }
        int cut = step.indexOf('_');
        String session = cut < 0 ? step : step.substring(0, cut);
        if (cut < 0 || !sessions.containsKey(session)) {
            throw new IllegalArgumentException("step " + step + " is not defined and names no session of "
                    + sessions.keySet());
        }
        Step s = sessionSteps.get(step);
        if (s == null) {
            s = builtin(step.substring(cut + 1), session);
        }
        if (s == null) {
            throw new IllegalArgumentException("step " + step + " is not defined");
        }
        Step found = s;
        return w -> found.run(w.session(session), w);
    }

    private Step builtin(String action, String session) {
        return switch (action) {
            case "begin" -> (s, w) -> s.begin();
            case "commit" -> (s, w) -> s.commit();
            case "rollback" -> (s, w) -> s.rollback();
            case "select1" -> (s, w) -> s.selectOne();
            case "ff" -> (s, w) -> s.forceFlush();
            case "clear" -> (s, w) -> s.pgStatClearSnapshot();
            case "close" -> (s, w) -> s.close();
            case "reconnect" -> (s, w) -> {
                s.close();
                w.putSession(session, connect(session, w));
            };
            default -> null;
        };
    }
}
