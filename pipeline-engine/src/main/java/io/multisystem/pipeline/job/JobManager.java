package io.multisystem.pipeline.job;

import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.pipeline.definition.CompiledPipeline;
import io.multisystem.pipeline.definition.PipelineCompiler;
import io.multisystem.pipeline.definition.PipelineDefinition;
import io.multisystem.pipeline.execution.ExecutionResult;
import io.multisystem.pipeline.io.Source;
import io.multisystem.pipeline.record.Errors;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs pipeline definitions as jobs on the local engine, at most {@code maxConcurrent} at a time (others wait
 * QUEUED), and keeps the status of the last {@value #RETAINED} finished jobs in memory.
 *
 * <p>Submission compiles the definition first, so an invalid definition is rejected before any job exists.
 * Cancellation is cooperative: the job's input checks a flag before every row and stops the run with
 * {@code JOB_CANCELLED}; the sinks are closed as after any failure (a PostgreSQL sink rolls back). Thread-safe.
 */
public final class JobManager implements AutoCloseable {
    static final int RETAINED = 1000;

    private final ExecutorService executor;
    private final Clock clock;
    private final PrintStream stdout;
    private final Consumer<JobStatus> onFinished;
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    private static final class Job {
        final String id;
        final String name;
        final AtomicLong read = new AtomicLong();
        final CountDownLatch done = new CountDownLatch(1);
        volatile boolean cancelRequested;
        volatile JobState state = JobState.QUEUED;
        volatile Instant started;
        volatile Instant ended;
        volatile ExecutionResult result;
        volatile String errorCode = "";
        volatile String errorMessage = "";

        Job(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    /**
     * @param onFinished called once per job when it ends (metrics); must not throw
     */
    public JobManager(int maxConcurrent, Clock clock, PrintStream stdout, Consumer<JobStatus> onFinished) {
        this.executor = Executors.newFixedThreadPool(maxConcurrent, r -> {
            Thread t = new Thread(r, "pipeline-job");
            t.setDaemon(true);
            return t;
        });
        this.clock = clock;
        this.stdout = stdout;
        this.onFinished = onFinished;
    }

    /**
     * Compiles the definition and queues it.
     *
     * @throws io.multisystem.core.error.InvalidInputException (code {@code PIPELINE_INVALID} ...) for a definition with
     *                                                         problems; no job is created
     */
    public JobStatus submit(PipelineDefinition definition) {
        String id = UUID.randomUUID().toString();
        Job job = new Job(id, definition.name());
        CompiledPipeline compiled = PipelineCompiler.compile(definition, PipelineCompiler.Options.defaults()
                .withStdout(stdout).withSourceDecorator(source -> new ObservedSource(source, job))
                .withCancellation(() -> job.cancelRequested));
        synchronized (jobs) {
            jobs.put(id, job);
            trim();
        }
        executor.execute(() -> run(job, compiled));
        return snapshot(job);
    }

    private void run(Job job, CompiledPipeline compiled) {
        job.started = clock.instant();
        try {
            if (job.cancelRequested) {
                throw cancelled();
            }
            job.state = JobState.RUNNING;
            job.result = compiled.run();
            job.state = JobState.SUCCEEDED;
        } catch (PlatformException e) {
            if (job.cancelRequested && e.code().equals("JOB_CANCELLED")) {
                job.state = JobState.CANCELLED;
                job.errorMessage = "cancelled on request";
            } else {
                job.errorCode = e.code();
                job.errorMessage = e.getMessage();
                job.state = JobState.FAILED;
            }
        } catch (RuntimeException | Error e) {
            job.errorCode = "JOB_FAILED";
            job.errorMessage = e.toString();
            job.state = JobState.FAILED;
        } finally {
            job.ended = clock.instant();
            job.done.countDown();
            onFinished.accept(snapshot(job));
        }
    }

    /**
     * @throws NotFoundException (code {@code JOB_NOT_FOUND}) for an unknown or expired id
     */
    public JobStatus status(String id) {
        return snapshot(get(id));
    }

    /**
     * Requests cancellation; returns the status right after the request (the job may still be stopping).
     *
     * @throws NotFoundException           (code {@code JOB_NOT_FOUND})
     * @throws FailedPreconditionException (code {@code JOB_FINISHED}) when the job already ended
     */
    public JobStatus cancel(String id) {
        Job job = get(id);
        if (job.state.isTerminal()) {
            throw new FailedPreconditionException(Errors.COMPONENT, "JOB_FINISHED", "job " + id + " already ended "
                    + job.state + "; only queued or running jobs can be cancelled");
        }
        job.cancelRequested = true;
        return snapshot(job);
    }

    /** Waits up to {@code timeout} for the job to end; true when it has. */
    public boolean awaitEnd(String id, Duration timeout) throws InterruptedException {
        return get(id).done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Job get(String id) {
        synchronized (jobs) {
            Job job = jobs.get(id);
            if (job == null) {
                throw new NotFoundException(Errors.COMPONENT, "JOB_NOT_FOUND", "no job '" + id
                        + "'; it never existed or ended long ago (the last " + RETAINED + " are kept)");
            }
            return job;
        }
    }

    private void trim() {
        if (jobs.size() <= RETAINED) {
            return;
        }
        for (String id : new ArrayList<>(jobs.keySet())) {
            if (jobs.size() <= RETAINED) {
                break;
            }
            if (jobs.get(id).state.isTerminal()) {
                jobs.remove(id);
            }
        }
    }

    private JobStatus snapshot(Job job) {
        JobState state = job.state;
        ExecutionResult r = job.result;
        Instant start = job.started;
        Instant end = job.ended;
        Duration elapsed = start == null ? Duration.ZERO : Duration.between(start, end == null ? clock.instant() : end);
        return new JobStatus(job.id, job.name, state, job.read.get(), r == null ? 0 : r.recordsWritten(),
                r == null ? 0 : r.lateRecordsDropped(), elapsed, job.errorCode, job.errorMessage);
    }

    private static PlatformException cancelled() {
        return new FailedPreconditionException(Errors.COMPONENT, "JOB_CANCELLED", "the job was cancelled");
    }

    /** Stops accepting jobs, cancels running ones and waits up to 10 s for them to stop. */
    @Override
    public void close() {
        synchronized (jobs) {
            jobs.values().forEach(j -> j.cancelRequested = true);
        }
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts rows and stops the run when cancellation was requested. */
    private static final class ObservedSource implements Source {
        private final Source delegate;
        private final Job job;

        ObservedSource(Source delegate, Job job) {
            this.delegate = delegate;
            this.job = job;
        }

        @Override
        public Schema schema() {
            return delegate.schema();
        }

        @Override
        public RowIterator open() {
            RowIterator in = delegate.open();
            return new RowIterator() {
                @Override
                public boolean hasNext() {
                    if (job.cancelRequested) {
                        throw cancelled();
                    }
                    boolean more = in.hasNext();
                    if (!more && job.cancelRequested) {
                        throw cancelled(); // an unbounded source ended because of the cancellation
                    }
                    return more;
                }

                @Override
                public Row next() {
                    Row row = in.next();
                    job.read.incrementAndGet();
                    return row;
                }

                @Override
                public void close() {
                    in.close();
                }
            };
        }
    }
}
