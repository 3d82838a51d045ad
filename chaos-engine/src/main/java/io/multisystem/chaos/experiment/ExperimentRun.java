package io.multisystem.chaos.experiment;

import io.multisystem.chaos.proxy.FaultProxyEngine;
import io.multisystem.chaos.proxy.ProxySpec;
import io.multisystem.core.error.PlatformException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One experiment run: the state machine of Chaos Toolkit's run loop with ChAP-style automatic abort.
 *
 * <p>Order: create the declared proxies; check the hypothesis (capturing baselines); for each rollout stage run the
 * method (actions inject faults only on the targets the stage adds), then check the hypothesis between stages; check it
 * after the method; then, <em>whatever happened</em> (failure, abort, violation, shutdown), revert every fault of the
 * run in reverse order, run the declared rollbacks and remove the declared proxies. While the method runs, a checker
 * thread evaluates the hypothesis every {@code frequency}; the first violation aborts the method at once (pauses are
 * interruptible). Every fault goes through the durable {@link FaultJournal}, so a crash in the middle is undone by
 * the next engine start. Timestamps come from the injected clock.
 */
final class ExperimentRun implements Runnable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String id;
    private final Experiment experiment;
    private final Map<Integer, Planner.ResolvedAction> resolved;
    private final FaultInjector injector;
    private final FaultProxyEngine localProxies;
    private final Clock clock;
    private final RunListener listener;
    private final ChaosObserver observer;
    private final ProbeRunner probes;
    private final ProcessTable processes;
    private final CountDownLatch abortLatch = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private final List<ActiveFault> faults = new ArrayList<>();
    private final Map<String, JsonNode> baselines = new HashMap<>();
    private final ObjectNode journal = JSON.createObjectNode();
    private final ArrayNode during = JSON.createArrayNode();

    private volatile RunStatus status = RunStatus.RUNNING;
    private volatile String abortReason;
    private volatile boolean deviated;
    private volatile boolean interrupted;

    ExperimentRun(String id, Experiment experiment, Map<Integer, Planner.ResolvedAction> resolved,
                  FaultInjector injector, FaultProxyEngine localProxies, ProcessTable processes,
                  GrpcHealthChecker grpcHealth, Clock clock, RunListener listener, ChaosObserver observer) {
        this.id = id;
        this.experiment = experiment;
        this.resolved = resolved;
        this.injector = injector;
        this.localProxies = localProxies;
        this.clock = clock;
        this.listener = listener;
        this.observer = observer;
        this.processes = processes;
        this.probes = new ProbeRunner(clock, processes, grpcHealth, this::pause);
        journal.put("run_id", id);
        ObjectNode exp = journal.putObject("experiment");
        exp.put("title", experiment.title());
        exp.put("description", experiment.description());
        journal.put("status", RunStatus.RUNNING.wireName());
        journal.put("deviated", false);
    }

    String id() {
        return id;
    }

    RunStatus status() {
        return status;
    }

    /** Asks the run to stop; the method stops at once and rollbacks run. */
    void abort(String reason) {
        if (abortReason == null) {
            abortReason = reason;
        }
        abortLatch.countDown();
    }

    /** Abort because the engine shuts down. */
    void interrupt() {
        interrupted = true;
        abort("the engine is shutting down");
    }

    boolean awaitDone(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The journal so far (a copy). */
    synchronized JsonNode journal() {
        return journal.deepCopy();
    }

    /** Faults of this run not yet reverted. */
    synchronized List<ActiveFault> activeFaults() {
        return List.copyOf(faults);
    }

    @Override
    public void run() {
        Instant start = clock.instant();
        synchronized (this) {
            journal.put("start", start.toString());
        }
        emit("started", "", true, "experiment '" + experiment.title() + "' started");
        List<String> createdProxies = new ArrayList<>();
        ScheduledExecutorService checker = null;
        try {
            for (ProxySpec spec : experiment.proxies()) {
                if (localProxies == null) {
                    throw new IllegalStateException("this engine has no local proxies for /proxies");
                }
                localProxies.createProxy(spec);
                createdProxies.add(spec.name());
                emit("proxy", spec.name(), true, "proxy " + spec.name() + " -> " + spec.upstream() + " created");
            }
            ObjectNode before = checkHypothesis("before", true);
            if (before != null && !before.path("steady_state_met").asBoolean()) {
                finish(RunStatus.FAILED, false, "the steady state was not met before the method");
                return;
            }
            Experiment.Hypothesis h = experiment.hypothesis();
            if (h != null && h.frequency() != null) {
                checker = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "chaos-hypothesis-" + id);
                    t.setDaemon(true);
                    return t;
                });
                long every = h.frequency().toMillis();
                checker.scheduleWithFixedDelay(this::checkDuring, every, every, TimeUnit.MILLISECONDS);
            }
            List<Experiment.RolloutStage> stages = experiment.rollout();
            boolean failed = false;
            for (int stage = 0; stage < stages.size() && !aborted() && !failed; stage++) {
                if (stages.size() > 1) {
                    emit("stage", "", true, "rollout stage " + (stage + 1) + "/" + stages.size() + ": "
                            + stages.get(stage).describe());
                }
                for (int i = 0; i < experiment.method().size() && !aborted(); i++) {
                    if (!runActivity(i, stage)) {
                        failed = true;
                        break;
                    }
                }
                if (!failed && !aborted() && stages.size() > 1 && stage < stages.size() - 1) {
                    ObjectNode check = checkHypothesis("stage " + (stage + 1), false);
                    if (check != null && !check.path("steady_state_met").asBoolean()) {
                        deviated = true;
                        abort("the hypothesis was violated after rollout stage " + (stage + 1));
                    }
                }
            }
            if (checker != null) {
                checker.shutdownNow();
                checker.awaitTermination(10, TimeUnit.SECONDS);
            }
            if (aborted()) {
                finish(interrupted ? RunStatus.INTERRUPTED : RunStatus.ABORTED, deviated, abortReason);
            } else if (failed) {
                finish(RunStatus.FAILED, false, "an activity failed");
            } else {
                ObjectNode after = checkHypothesis("after", false);
                if (after != null && !after.path("steady_state_met").asBoolean()) {
                    finish(RunStatus.FAILED, true, "the steady state was not met after the method");
                } else {
                    finish(RunStatus.COMPLETED, false, "");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(RunStatus.INTERRUPTED, deviated, "interrupted");
        } catch (RuntimeException e) {
            finish(RunStatus.FAILED, deviated, e.getMessage());
        } finally {
            if (checker != null) {
                checker.shutdownNow();
            }
            rollback(createdProxies);
            Instant end = clock.instant();
            Duration duration = Duration.between(start, end);
            synchronized (this) {
                journal.put("end", end.toString());
                journal.put("duration", duration.toNanos() / 1e9);
                journal.set("steady_states_during", during);
            }
            observer.experimentFinished(status, deviated, duration);
            emit("finished", "", status == RunStatus.COMPLETED && !deviated, "experiment " + status.wireName()
                    + (deviated ? " (deviated)" : "") + (abortReason != null ? ": " + abortReason : ""));
            done.countDown();
        }
    }

    private boolean aborted() {
        return abortLatch.getCount() == 0;
    }

    private boolean pause(Duration d) throws InterruptedException {
        if (d.isZero() || d.isNegative()) {
            return !aborted();
        }
        return !abortLatch.await(d.toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized void finish(RunStatus s, boolean dev, String reason) {
        status = s;
        deviated = dev;
        journal.put("status", s.wireName());
        journal.put("deviated", dev);
        if (reason != null && !reason.isEmpty()) {
            journal.put("reason", reason);
        }
    }

    /** Runs activity {@code i} for stage {@code stage}; false if it failed (which fails the run). */
    private boolean runActivity(int i, int stage) throws InterruptedException {
        Experiment.Activity a = experiment.method().get(i);
        Planner.ResolvedAction r = resolved.get(i);
        List<Planner.Target> targets = r == null ? null : r.newInStage(experiment.rollout(), stage);
        boolean isProbe = a.kind() == Experiment.Activity.Kind.PROBE;
        if (!isProbe && (r == null ? stage > 0 : targets.isEmpty())) {
            return true;
        }
        if (!pause(a.pauseBefore())) {
            return true;
        }
        Instant start = clock.instant();
        ObjectNode result = JSON.createObjectNode();
        ObjectNode activity = result.putObject("activity");
        activity.put("name", a.name());
        activity.put("type", a.kind().wireName());
        activity.put("provider", a.provider().type());
        activity.put("pointer", a.pointer());
        result.put("stage", stage + 1);
        result.put("start", start.toString());
        boolean ok = true;
        emit("activity", a.name(), true, a.kind().wireName() + " '" + a.name() + "' started");
        try {
            if (r != null) {
                ArrayNode out = result.putArray("output");
                for (Planner.Target t : targets) {
                    if (aborted()) {
                        break;
                    }
                    ActiveFault f = injector.inject(id, a.provider(), t);
                    ObjectNode item = out.addObject();
                    item.put("target", t.id());
                    if (f != null) {
                        synchronized (this) {
                            faults.add(f);
                        }
                        item.put("fault", f.id());
                        item.put("kind", f.kind());
                        observer.faultInjected(f.kind());
                        emit("fault-injected", a.name(), true, f.kind() + " -> " + t.id());
                    }
                }
            } else {
                JsonNode output = probes.run(a.provider());
                result.set("output", output);
                if (a.tolerance() != null) {
                    boolean met = a.tolerance().accepts(output, null);
                    result.put("tolerance_met", met);
                    ok = met;
                }
                if (isProbe) {
                    // a method probe outside its tolerance is recorded, it does not fail the run
                    result.put("status", met(ok));
                }
            }
            if (!result.has("status")) {
                result.put("status", "succeeded");
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            result.put("status", "failed");
            result.put("exception", message(e));
            emit("activity", a.name(), false, a.kind().wireName() + " '" + a.name() + "' failed: " + message(e));
            appendRun(result, start);
            return isProbe;
        }
        appendRun(result, start);
        emit("activity", a.name(), ok, a.kind().wireName() + " '" + a.name() + "' " + result.get("status").asString());
        pause(a.pauseAfter());
        return true;
    }

    private static String met(boolean ok) {
        return ok ? "succeeded" : "failed";
    }

    private synchronized void appendRun(ObjectNode result, Instant start) {
        Instant end = clock.instant();
        result.put("end", end.toString());
        result.put("duration", Duration.between(start, end).toNanos() / 1e9);
        journal.withArray("run").add(result);
    }

    /** Checks every hypothesis probe; records it under steady_states.{phase}. Null when there is no hypothesis. */
    private ObjectNode checkHypothesis(String phase, boolean captureBaseline) throws InterruptedException {
        Experiment.Hypothesis h = experiment.hypothesis();
        if (h == null) {
            return null;
        }
        ObjectNode check = evaluate(h, captureBaseline);
        synchronized (this) {
            journal.withObject("steady_states").set(phase, check);
        }
        boolean met = check.path("steady_state_met").asBoolean();
        emit("hypothesis", "", met, "steady state " + phase + ": " + (met ? "met" : "NOT met"));
        return check;
    }

    private ObjectNode evaluate(Experiment.Hypothesis h, boolean captureBaseline) throws InterruptedException {
        ObjectNode check = JSON.createObjectNode();
        check.put("at", clock.instant().toString());
        ArrayNode results = check.putArray("probes");
        boolean allMet = true;
        for (Experiment.Activity p : h.probes()) {
            ObjectNode pr = results.addObject();
            pr.put("name", p.name());
            pr.put("tolerance", p.tolerance().describe());
            boolean met;
            try {
                JsonNode output = probes.run(p.provider());
                pr.set("output", output);
                if (captureBaseline) {
                    baselines.put(p.pointer(), output);
                }
                met = p.tolerance().accepts(output, baselines.get(p.pointer()));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                pr.put("exception", message(e));
                met = false;
            }
            pr.put("tolerance_met", met);
            allMet &= met;
        }
        check.put("steady_state_met", allMet);
        observer.hypothesisChecked(allMet);
        return check;
    }

    private void checkDuring() {
        if (aborted()) {
            return;
        }
        try {
            ObjectNode check = evaluate(experiment.hypothesis(), false);
            boolean met = check.path("steady_state_met").asBoolean();
            synchronized (this) {
                during.add(check);
            }
            if (!met && !aborted()) {
                deviated = true;
                emit("hypothesis-violated", "", false, "steady state violated during the method: aborting");
                abort("the hypothesis was violated during the method");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            deviated = true;
            abort("the hypothesis check failed: " + e.getMessage());
        }
    }

    /** Reverts every fault of this run (newest first), then runs the declared rollbacks, then removes proxies. */
    private void rollback(List<String> createdProxies) {
        List<ActiveFault> toRevert;
        synchronized (this) {
            toRevert = new ArrayList<>(faults);
        }
        ArrayNode reverted = JSON.createArrayNode();
        for (int i = toRevert.size() - 1; i >= 0; i--) {
            ActiveFault f = toRevert.get(i);
            ObjectNode item = reverted.addObject();
            item.put("fault", f.id());
            item.put("kind", f.kind());
            item.put("target", f.target());
            try {
                String outcome = injector.revert(f);
                item.put("status", "succeeded");
                item.put("output", outcome);
                synchronized (this) {
                    faults.remove(f);
                }
                observer.faultReverted(f.kind());
                emit("fault-reverted", "", true, f.kind() + " on " + f.target() + ": " + outcome);
            } catch (RuntimeException e) {
                item.put("status", "failed");
                item.put("exception", message(e));
                emit("fault-reverted", "", false, f.kind() + " on " + f.target() + " NOT reverted (stays journaled): "
                        + message(e));
            }
        }
        ArrayNode rollbacks = JSON.createArrayNode();
        for (Experiment.Activity a : experiment.rollbacks()) {
            Instant start = clock.instant();
            ObjectNode result = rollbacks.addObject();
            result.putObject("activity").put("name", a.name()).put("type", a.kind().wireName())
                    .put("provider", a.provider().type());
            result.put("start", start.toString());
            try {
                JsonNode output = a.provider() instanceof Provider.Signal s ? signalAll(s)
                        : probes.run(a.provider());
                result.set("output", output);
                result.put("status", "succeeded");
                emit("rollback", a.name(), true, "rollback '" + a.name() + "' succeeded");
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                result.put("status", "failed");
                result.put("exception", message(e));
                emit("rollback", a.name(), false, "rollback '" + a.name() + "' failed: " + message(e));
            }
            result.put("end", clock.instant().toString());
        }
        for (String name : createdProxies) {
            try {
                localProxies.deleteProxy(name);
            } catch (PlatformException e) {
                // already gone
            }
        }
        synchronized (this) {
            journal.set("faults_reverted", reverted);
            journal.set("rollbacks", rollbacks);
        }
    }

    /** A resume signal in the rollbacks: applied to every matching process (mode ignored). */
    private JsonNode signalAll(Provider.Signal s) {
        ArrayNode out = JSON.createArrayNode();
        ProcessTable table = processes;
        for (ProcessTable.Info info : table.list()) {
            if (s.selector().matches(String.valueOf(info.pid()), info.name(), info.commandLine())) {
                table.signal(info.pid(), info.started(), s.signal());
                out.add("process:" + info.pid());
            }
        }
        return out;
    }

    private void emit(String type, String activity, boolean ok, String message) {
        try {
            listener.onEvent(new RunEvent(id, clock.instant(), type, activity, ok, message));
        } catch (RuntimeException ignored) {
            // a failing listener (a gone client) must not break the run or its rollback
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
