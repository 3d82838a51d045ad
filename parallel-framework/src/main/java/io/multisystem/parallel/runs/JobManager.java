package io.multisystem.parallel.runs;

import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.ResourceExhaustedException;
import io.multisystem.core.types.IdGenerator;
import io.multisystem.parallel.jobs.JobCatalog;
import io.multisystem.parallel.jobs.JobParameters;
import io.multisystem.parallel.jobs.JobResult;
import io.multisystem.parallel.jobs.JobType;
import io.multisystem.parallel.task.EngineStats;
import io.multisystem.parallel.task.Ref;
import io.multisystem.parallel.task.ReplayLog;
import io.multisystem.parallel.task.ReplayRecorder;
import io.multisystem.parallel.task.TaskEngine;
import io.multisystem.parallel.task.TaskFailedException;
import io.multisystem.parallel.task.WorkerInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs jobs of registered types asynchronously, each on its own {@link TaskEngine} with the requested number of
 * workers, and tells watchers about progress.
 *
 * <p>Design note: progress comes from the engine's counters, sampled every {@code progressInterval} by one scheduler
 * thread; a watcher is called only when the figures changed, and always once more with the final state. Finished jobs
 * are kept (the most recent {@code retainFinished}) so that their status can still be read. At most
 * {@code maxRunning} jobs run at once; more are refused rather than queued without bound.
 */
public final class JobManager implements AutoCloseable {
    /** What the manager does, for metrics. */
    public interface Listener {
        void jobStarted(String type);

        void jobEnded(String type, JobState state, Duration elapsed);
    }

    private final JobCatalog catalog;
    private final int defaultWorkers;
    private final int maxRunning;
    private final int retainFinished;
    private final Clock clock;
    private final IdGenerator ids;
    private final Listener listener;
    private final EngineFactory engines;
    private final ScheduledExecutorService sampler;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final Map<String, Run> finishedOrder = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

    public JobManager(JobCatalog catalog, int defaultWorkers, int maxRunning, int retainFinished, Duration progressInterval,
                      Clock clock, IdGenerator ids, Listener listener) {
        this(catalog, defaultWorkers, maxRunning, retainFinished, progressInterval, clock, ids, listener,
                EngineFactory.local());
    }

    /** As above, with jobs running on the engines {@code engines} makes (e.g. on an Ignite cluster). */
    public JobManager(JobCatalog catalog, int defaultWorkers, int maxRunning, int retainFinished, Duration progressInterval,
                      Clock clock, IdGenerator ids, Listener listener, EngineFactory engines) {
        this.engines = Objects.requireNonNull(engines, "engines");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.defaultWorkers = defaultWorkers;
        this.maxRunning = maxRunning;
        this.retainFinished = retainFinished;
        this.clock = clock;
        this.ids = ids;
        this.listener = listener;
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parallel-framework-progress");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, progressInterval.toMillis());
        sampler.scheduleAtFixedRate(this::sampleAll, every, every, TimeUnit.MILLISECONDS);
    }

    public JobCatalog catalog() {
        return catalog;
    }

    /**
     * Validates the request and starts the job. Nothing is started when validation fails.
     *
     * @throws InvalidInputException for an unknown type, bad parameters or a worker count outside 1..1024
     * @throws ResourceExhaustedException with code {@code TOO_MANY_JOBS} when {@code maxRunning} jobs are running
     */
    public JobSnapshot submit(String typeName, Map<String, String> parameters, int workers) {
        return start(typeName, parameters, workers, null, null, "");
    }

    /**
     * As {@link #submit}, and records the run's scheduling decisions; once the job ends, {@link #replayLog} returns
     * them. Recording runs the job on a local engine without checkpoints and costs a lock per task event.
     *
     * @throws io.multisystem.core.error.FailedPreconditionException with code {@code REPLAY_NEEDS_LOCAL_ENGINE} in
     *     cluster mode
     */
    public JobSnapshot submitRecorded(String typeName, Map<String, String> parameters, int workers) {
        return start(typeName, parameters, workers, ReplayRecorder.withRandomSeed(), null, "");
    }

    /**
     * Replays the recorded job {@code recordedJobId}: same type, parameters and workers, under its recorded
     * decisions. The new job's {@link JobSnapshot#replayVerdict()} says whether it ended as the recording did.
     *
     * @throws NotFoundException with code {@code JOB_NOT_FOUND}
     * @throws io.multisystem.core.error.FailedPreconditionException with code {@code REPLAY_LOG_NOT_AVAILABLE} if that
     *     job was not recorded or has not ended
     */
    public JobSnapshot replay(String recordedJobId) {
        return replay(replayLog(recordedJobId), recordedJobId);
    }

    /**
     * Replays a log written by a recorded run ({@code run --record FILE}).
     *
     * @throws InvalidInputException with code {@code INVALID_REPLAY_LOG} if the log does not name a job type
     */
    public JobSnapshot replay(ReplayLog log, String source) {
        String type = log.attributes().get("job.type");
        if (type == null || type.isEmpty()) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "INVALID_REPLAY_LOG",
                    "the replay log names no job (attribute job.type); record one with 'run JOB --record FILE'");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        log.attributes().forEach((k, v) -> {
            if (k.startsWith("param.")) {
                parameters.put(k.substring("param.".length()), v);
            }
        });
        int workers;
        try {
            workers = Integer.parseInt(log.attributes().getOrDefault("job.workers", "0"));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "INVALID_REPLAY_LOG",
                    "the replay log's job.workers is not a number: " + log.attributes().get("job.workers"));
        }
        return start(type, parameters, workers, null, log, source);
    }

    /**
     * The replay log of a recorded job that has ended.
     *
     * @throws NotFoundException with code {@code JOB_NOT_FOUND}
     * @throws io.multisystem.core.error.FailedPreconditionException with code {@code REPLAY_LOG_NOT_AVAILABLE} if the
     *     job was not recorded, has not ended yet, or was too large to record
     */
    public ReplayLog replayLog(String id) {
        Run run = find(id);
        ReplayLog log = run.log;
        if (log == null && run.recorder != null && run.state().isFinal()) {
            // The state turns final a moment before the log is built (outside the run's lock): wait for it, bounded.
            try {
                run.logReady.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log = run.log;
        }
        if (log == null) {
            String why = run.recorder == null ? "was not recorded (submit it with record on, or run --record)"
                    : !run.state().isFinal() ? "is still running; its log is ready when it ends"
                    : run.logProblem;
            throw new FailedPreconditionException(TaskEngine.COMPONENT, "REPLAY_LOG_NOT_AVAILABLE",
                    "job " + id + " has no replay log: it " + why);
        }
        return log;
    }

    private JobSnapshot start(String typeName, Map<String, String> parameters, int workers, ReplayRecorder recorder,
                              ReplayLog replay, String replaySource) {
        JobType type = catalog.find(typeName);
        JobParameters checked = JobParameters.check(type, parameters);
        int n = workers == 0 ? defaultWorkers : workers;
        if (n < 1 || n > 1024) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "INVALID_WORKERS",
                    "workers must be between 1 and 1024 (0 = the default of " + defaultWorkers + "), was " + workers);
        }
        long running = runs.values().stream().filter(r -> !r.state().isFinal()).count();
        if (running >= maxRunning) {
            throw new ResourceExhaustedException(TaskEngine.COMPONENT, "TOO_MANY_JOBS",
                    maxRunning + " jobs are already running; wait for one to finish or cancel one");
        }
        TaskEngine engine = recorder == null && replay == null ? engines.create(n)
                : engines.createTraced(n, recorder, replay);
        Run run = new Run(ids.next().toString(), type.name(), n, engine, clock.instant());
        run.recorder = recorder;
        run.replay = replay;
        run.replaySource = replaySource;
        run.parameters = Map.copyOf(parameters);
        Ref<JobResult> result;
        try {
            result = type.start(engine, checked);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        runs.put(run.id, run);
        run.result = result;
        listener.jobStarted(type.name());
        result.asStage().whenComplete((value, failure) -> run.finish(value, failure));
        return run.snapshot();
    }

    /** @throws NotFoundException with code {@code JOB_NOT_FOUND} */
    public JobSnapshot status(String id) {
        return find(id).snapshot();
    }

    /** Cancels a running job; a finished one is returned unchanged. */
    public JobSnapshot cancel(String id) {
        Run run = find(id);
        Ref<JobResult> result = run.result;
        if (result != null) {
            result.cancel();
        }
        run.finish(null, new CancelledByUser());
        return run.snapshot();
    }

    /**
     * Calls {@code watcher} with the current status, then at every change, and a last time when the job ends; returns
     * a handle that stops the calls. The watcher runs on the sampler thread and must be quick.
     */
    public AutoCloseable watch(String id, Consumer<JobSnapshot> watcher) {
        Run run = find(id);
        Watch w = new Watch(watcher);
        run.watchers.add(w);
        w.offer(run.snapshot());
        if (run.state().isFinal()) {
            run.watchers.remove(w);
        }
        return () -> run.watchers.remove(w);
    }

    /** All jobs known, running first, then the most recent finished ones. */
    public List<JobSnapshot> list() {
        List<JobSnapshot> out = new ArrayList<>();
        runs.values().forEach(r -> out.add(r.snapshot()));
        out.sort((a, b) -> b.started().compareTo(a.started()));
        return out;
    }

    /** {@code local} or {@code cluster}. */
    public String mode() {
        return engines.mode();
    }

    /** In cluster mode one entry per cluster node; locally the workers of every running job's engine. */
    public List<WorkerInfo> workers() {
        List<WorkerInfo> standing = engines.standingWorkers();
        if (!standing.isEmpty()) {
            return standing;
        }
        List<WorkerInfo> out = new ArrayList<>();
        for (Run run : runs.values()) {
            if (!run.state().isFinal()) {
                for (WorkerInfo w : run.engine.workers()) {
                    out.add(new WorkerInfo(run.id + "/" + w.name(), w.busy(), w.executed()));
                }
            }
        }
        return out;
    }

    public int defaultWorkers() {
        return defaultWorkers;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        for (Run run : runs.values()) {
            if (!run.state().isFinal()) {
                cancel(run.id);
            }
        }
    }

    private Run find(String id) {
        Run run = id == null ? null : runs.get(id);
        if (run == null) {
            throw new NotFoundException(TaskEngine.COMPONENT, "JOB_NOT_FOUND",
                    "no job with id '" + id + "' (finished jobs are kept until " + retainFinished
                            + " newer ones have finished)");
        }
        return run;
    }

    private void sampleAll() {
        for (Run run : runs.values()) {
            if (!run.watchers.isEmpty()) {
                JobSnapshot s = run.snapshot();
                run.watchers.forEach(w -> w.offer(s));
                if (s.state().isFinal()) {
                    run.watchers.clear();
                }
            }
        }
    }

    private void retire(Run run) {
        synchronized (finishedOrder) {
            finishedOrder.put(run.id, run);
            while (finishedOrder.size() > retainFinished) {
                String oldest = finishedOrder.keySet().iterator().next();
                finishedOrder.remove(oldest);
                runs.remove(oldest);
            }
        }
    }

    private static final class CancelledByUser extends RuntimeException {
        CancelledByUser() {
            super("cancelled by request", null, false, false);
        }
    }

    /** A watcher that is called only when the snapshot changed. */
    private static final class Watch {
        private final Consumer<JobSnapshot> watcher;
        private JobSnapshot last;

        Watch(Consumer<JobSnapshot> watcher) {
            this.watcher = watcher;
        }

        synchronized void offer(JobSnapshot s) {
            if (last != null && last.state() == s.state() && last.tasksFinished() == s.tasksFinished()
                    && last.tasksSubmitted() == s.tasksSubmitted()) {
                return;
            }
            last = s;
            try {
                watcher.accept(s);
            } catch (RuntimeException ignored) {
                // A broken watcher (e.g. a client that went away) must not stop progress for the others.
            }
        }
    }

    private final class Run {
        final String id;
        final String type;
        final int workers;
        final TaskEngine engine;
        final Instant started;
        final Collection<Watch> watchers = new CopyOnWriteArrayList<>();
        volatile Ref<JobResult> result;
        private JobState state = JobState.RUNNING;
        private Instant ended;
        private JobResult value;
        private String errorCode = "";
        private String errorMessage = "";
        private List<String> failurePath = List.of();
        private EngineStats finalStats;
        ReplayRecorder recorder;
        ReplayLog replay;
        String replaySource = "";
        Map<String, String> parameters = Map.of();
        volatile ReplayLog log;
        volatile String logProblem = "is finishing; ask again in a moment";
        private Map<String, String> logAttributes = Map.of();
        final java.util.concurrent.CountDownLatch logReady = new java.util.concurrent.CountDownLatch(1);
        private String verdict = "";

        Run(String id, String type, int workers, TaskEngine engine, Instant started) {
            this.id = id;
            this.type = type;
            this.workers = workers;
            this.engine = engine;
            this.started = started;
        }

        void finish(JobResult result, Throwable failure) {
            JobSnapshot last;
            synchronized (this) {
                if (state.isFinal()) {
                    return;
                }
                ended = clock.instant();
                finalStats = engine.stats();
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause == null) {
                    state = JobState.SUCCEEDED;
                    value = result;
                } else if (cause instanceof CancelledByUser
                        || cause instanceof TaskFailedException t && t.code().equals("TASK_CANCELLED")) {
                    state = JobState.CANCELLED;
                    errorCode = "JOB_CANCELLED";
                    errorMessage = "the job was cancelled";
                } else {
                    state = JobState.FAILED;
                    if (cause instanceof TaskFailedException t) {
                        failurePath = t.path();
                    }
                    if (cause instanceof PlatformException p) {
                        errorCode = p.code();
                        errorMessage = p.getMessage();
                    } else {
                        errorCode = "JOB_FAILED";
                        errorMessage = cause.getClass().getSimpleName() + ": " + cause.getMessage();
                    }
                }
                if (recorder != null) {
                    logAttributes = logAttributes();
                }
                if (replay != null) {
                    verdict = verdictAgainst(replay.attributes());
                }
                last = snapshotLocked();
            }
            engine.close();
            if (recorder != null) {
                // Outside this run's lock: a recording engine publishes outcomes under the recorder's lock, and
                // toLog takes it too, so taking both here in the other order could deadlock.
                try {
                    log = recorder.toLog(logAttributes);
                } catch (PlatformException e) {
                    logProblem = e.getMessage();
                } finally {
                    logReady.countDown();
                }
            }
            listener.jobEnded(type, last.state(), Duration.between(started, last.ended()));
            watchers.forEach(w -> w.offer(last));
            watchers.clear();
            retire(this);
        }

        /** What a replay needs to start the job again and to judge its outcome. */
        private Map<String, String> logAttributes() {
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("job.type", type);
            attributes.put("job.workers", Integer.toString(workers));
            parameters.forEach((k, v) -> attributes.put("param." + k, v));
            attributes.putAll(outcome());
            return attributes;
        }

        private Map<String, String> outcome() {
            Map<String, String> out = new LinkedHashMap<>();
            out.put("outcome.state", state.name());
            out.put("outcome.error_code", errorCode);
            out.put("outcome.failure_path", String.join(" <- ", failurePath));
            out.put("outcome.summary", value == null ? "" : value.summary());
            return out;
        }

        private String verdictAgainst(Map<String, String> recorded) {
            List<String> differences = new ArrayList<>();
            outcome().forEach((k, v) -> {
                String then = recorded.getOrDefault(k, "");
                if (!then.equals(v)) {
                    differences.add(k.substring("outcome.".length()) + " was '" + then + "', now '" + v + "'");
                }
            });
            return differences.isEmpty() ? "REPRODUCED" : "DIVERGED: " + String.join("; ", differences);
        }

        synchronized JobState state() {
            return state;
        }

        synchronized JobSnapshot snapshot() {
            return snapshotLocked();
        }

        private JobSnapshot snapshotLocked() {
            EngineStats stats = finalStats != null ? finalStats : engine.stats();
            long finished = Math.min(stats.submitted(), stats.executed() - stats.retries() + stats.checkpointHits()
                    + stats.failed());
            Map<String, String> figures = new LinkedHashMap<>();
            if (value != null) {
                figures.putAll(value.figures());
            }
            if (ended != null) {
                figures.put("elapsed_ms", Long.toString(Duration.between(started, ended).toMillis()));
            }
            return new JobSnapshot(id, type, state, workers, stats.submitted(), Math.max(0, finished), started, ended,
                    value == null ? "" : value.summary(), figures, errorCode, errorMessage, failurePath,
                    recorder != null, replay == null ? "" : replaySource, verdict);
        }
    }
}
