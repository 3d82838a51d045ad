package io.multisystem.parallel.cli;

import io.grpc.ManagedChannel;
import io.multisystem.core.cli.CommonOptions;
import io.multisystem.core.cli.Console;
import io.multisystem.core.cli.ExitCode;
import io.multisystem.core.cli.DurationConverter;
import io.multisystem.core.cli.Progress;
import io.multisystem.core.error.ErrorKind;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.Severity;
import io.grpc.StatusRuntimeException;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.types.IdGenerator;
import io.multisystem.parallel.jobs.BuiltInJobs;
import io.multisystem.parallel.jobs.JobType;
import io.multisystem.parallel.runs.JobManager;
import io.multisystem.parallel.runs.JobSnapshot;
import io.multisystem.parallel.runs.JobState;
import io.multisystem.parallel.cluster.ClusterEngineFactory;
import io.multisystem.parallel.cluster.ClusterSettings;
import io.multisystem.parallel.cluster.IgniteCluster;
import io.multisystem.parallel.runs.EngineFactory;
import io.multisystem.parallel.task.TaskEngine;
import io.multisystem.parallel.v1.CancelRequest;
import io.multisystem.parallel.v1.JobStatus;
import io.multisystem.parallel.v1.ListJobTypesRequest;
import io.multisystem.parallel.v1.ListWorkersRequest;
import io.multisystem.parallel.v1.ListWorkersResponse;
import io.multisystem.parallel.v1.ParallelServiceGrpc;
import io.multisystem.parallel.v1.StatusRequest;
import io.multisystem.parallel.v1.SubmitJobRequest;
import io.multisystem.parallel.task.ReplayLog;
import io.multisystem.parallel.v1.GetReplayLogRequest;
import io.multisystem.parallel.v1.ReplayJobRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The job verbs: run, status, cancel, workers, jobs. */
final class JobCommands {
    private JobCommands() {
    }

    /** The JSON shape of a job's status (documented in specs/parallel-framework.md). */
    record JobView(String id, String type, String state, int workers, long tasksSubmitted, long tasksFinished,
                   String started, String ended, String result, Map<String, String> figures, String errorCode,
                   String errorMessage, List<String> failurePath, boolean recorded, String replayOf,
                   String replayVerdict) {
        static JobView of(JobSnapshot s) {
            return new JobView(s.id(), s.type(), s.state().name(), s.workers(), s.tasksSubmitted(), s.tasksFinished(),
                    s.started().toString(), s.ended() == null ? null : s.ended().toString(), s.summary(), s.figures(),
                    emptyToNull(s.errorCode()), emptyToNull(s.errorMessage()), s.failurePath(), s.recorded(),
                    emptyToNull(s.replayOf()), emptyToNull(s.replayVerdict()));
        }

        static JobView of(JobStatus s) {
            return new JobView(s.getJobId(), s.getJobType(), s.getState().name().replace("JOB_STATE_", ""),
                    s.getWorkers(), s.getTasksSubmitted(), s.getTasksFinished(),
                    Instant.ofEpochSecond(s.getStarted().getSeconds(), s.getStarted().getNanos()).toString(),
                    s.hasEnded() ? Instant.ofEpochSecond(s.getEnded().getSeconds(), s.getEnded().getNanos()).toString()
                            : null,
                    s.getResult(), s.getFiguresMap(), emptyToNull(s.getErrorCode()), emptyToNull(s.getErrorMessage()),
                    s.getFailurePathList(), s.getRecorded(), emptyToNull(s.getReplayOf()),
                    emptyToNull(s.getReplayVerdict()));
        }

        boolean isFinal() {
            return !state.equals("RUNNING");
        }

        String text() {
            StringBuilder out = new StringBuilder();
            out.append(type).append(' ').append(id).append(": ").append(state);
            if (state.equals("SUCCEEDED")) {
                out.append(" - ").append(result);
            }
            if (errorMessage != null) {
                out.append(" - ").append(errorCode).append(": ").append(errorMessage);
            }
            out.append(String.format("%n  workers %d, tasks %d/%d", workers, tasksFinished, tasksSubmitted));
            if (figures.containsKey("elapsed_ms")) {
                out.append(", ").append(figures.get("elapsed_ms")).append(" ms");
            }
            if (!failurePath.isEmpty()) {
                out.append(String.format("%n  failure path: %s", String.join(" <- ", failurePath)));
            }
            if (replayVerdict != null) {
                out.append(String.format("%n  replay of %s: %s", replayOf, replayVerdict));
            }
            return out.toString();
        }

        private static String emptyToNull(String s) {
            return s == null || s.isEmpty() ? null : s;
        }
    }

    static int exitCodeOf(JobView view) {
        return switch (view.state) {
            case "SUCCEEDED" -> ExitCode.SUCCESS.code();
            case "FAILED", "CANCELLED" -> ExitCode.DOMAIN_REJECTED.code();
            default -> ExitCode.SUCCESS.code();
        };
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a job (fib, pi, sort, wordcount, matmul) in this process, or on --server. "
                    + "Exit 0 when it succeeds, 1 when it fails or is cancelled.")
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "JOB", description = "The job type; `jobs` lists them.")
        String job;

        @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "A job parameter (repeatable).")
        Map<String, String> parameters = new LinkedHashMap<>();

        @Option(names = "--workers", paramLabel = "N", defaultValue = "0",
                description = "Worker threads (default: the machine's cores, or the server's default).")
        int workers;

        @Option(names = "--detach", description = "With --server: print the job id and return without waiting.")
        boolean detach;

        @Option(names = "--cluster", description = "Run the task bodies on an Ignite cluster: this process starts an "
                + "embedded server node that joins the nodes at --discovery (or forms a cluster of its own), and "
                + "leaves when the job ends.")
        boolean cluster;

        @Option(names = "--discovery", paramLabel = "ADDRESSES", defaultValue = ClusterSettings.DEFAULT_DISCOVERY,
                description = "With --cluster: comma-separated discovery addresses (default: ${DEFAULT-VALUE}).")
        String discovery;

        @Option(names = "--discovery-port", paramLabel = "PORT", defaultValue = "47500",
                description = "With --cluster: first local discovery port to try, 10 ports (default: ${DEFAULT-VALUE}).")
        int discoveryPort;

        @Option(names = "--communication-port", paramLabel = "PORT", defaultValue = "47100",
                description = "With --cluster: first local communication port to try (default: ${DEFAULT-VALUE}).")
        int communicationPort;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
                description = "Longest wait for the job to end, e.g. 90s, 10m; after it the job is cancelled and the "
                        + "command exits 1 (default: ${DEFAULT-VALUE}).")
        Duration timeout = Duration.ofHours(1);

        @Option(names = "--record", paramLabel = "FILE", description = "Record the run's scheduling decisions "
                + "(seed, task order, failures, retries) to FILE once the job ends; `replay FILE` reproduces the run.")
        Path record;

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() throws Exception {
            Console console = common.console();
            requirePositive(timeout);
            if (record != null && (cluster || detach)) {
                throw new InvalidInputException(TaskEngine.COMPONENT, "USAGE", "--record works with a job that this"
                        + " command waits for on a local engine: drop --cluster / --detach");
            }
            if (record != null) {
                requireWritable(record);
            }
            if (common.server().isPresent()) {
                if (cluster) {
                    throw new InvalidInputException(TaskEngine.COMPONENT, "USAGE", "--cluster and --server exclude "
                            + "each other: a server runs on a cluster when multisystem.parallel.cluster.enabled=true");
                }
                return remote(console);
            }
            if (detach) {
                throw new InvalidInputException(TaskEngine.COMPONENT, "USAGE",
                        "--detach needs --server: a job run in this process ends with the process");
            }
            int n = workers == 0 ? Runtime.getRuntime().availableProcessors() : workers;
            IgniteCluster node = null;
            EngineFactory engines = EngineFactory.local();
            if (cluster) {
                ClusterSettings settings = ClusterSettings.loopback("parallel-cli-" + ProcessHandle.current().pid())
                        .withDiscovery(ClusterSettings.parseAddresses(discovery), discoveryPort, 9)
                        .withCommunicationPort(communicationPort)
                        .withQuietLogging(true);
                node = IgniteCluster.start(settings);
                engines = new ClusterEngineFactory(node);
            }
            try (IgniteCluster ignored = node; JobManager manager = new JobManager(BuiltInJobs.catalog(), n, 1, 1,
                    Duration.ofMillis(100), Clock.systemUTC(), IdGenerator.systemDefault(), NO_METRICS, engines)) {
                JobSnapshot first = record == null ? manager.submit(job, parameters, workers)
                        : manager.submitRecorded(job, parameters, workers);
                JobView view = await(manager, first, console, job, timeout);
                if (record != null && view.isFinal()) {
                    manager.replayLog(first.id()).write(record);
                    console.info("replay log written to " + record);
                }
                console.result(view, view::text);
                return exitCodeOf(view);
            }
        }

        private int remote(Console console) throws InterruptedException {
            ManagedChannel channel = common.clientFactory().open(common.server().get().toString());
            try {
                var stub = ParallelServiceGrpc.newBlockingStub(channel);
                JobStatus started = stub.submitJob(SubmitJobRequest.newBuilder().setJobType(job)
                        .putAllParameters(parameters).setWorkers(workers).setRecord(record != null).build());
                if (detach) {
                    JobView view = JobView.of(started);
                    console.result(view, view::text);
                    return ExitCode.SUCCESS.code();
                }
                JobView view = follow(channel, started.getJobId(), console, job, timeout);
                if (record != null) {
                    writeRemoteLog(channel, started.getJobId(), record);
                    console.info("replay log written to " + record);
                }
                console.result(view, view::text);
                return exitCodeOf(view);
            } finally {
                channel.shutdownNow();
                channel.awaitTermination(2, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Waits, with a deadline, for an in-process job to end, driving a progress bar; cancels it when {@code timeout}
     * passes first. Returns the final (or, after a cancel, the cancelled) view.
     */
    static JobView await(JobManager manager, JobSnapshot first, Console console, String label, Duration timeout)
            throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<JobSnapshot> last = new AtomicReference<>(first);
        try (Progress progress = console.progress(label, -1); AutoCloseable watch = manager.watch(first.id(), s -> {
            progress.step(s.tasksFinished() - last.getAndSet(s).tasksFinished());
            progress.message(s.tasksFinished() + "/" + s.tasksSubmitted() + " tasks");
            if (s.state().isFinal()) {
                done.countDown();
            }
        })) {
            // The watcher is the fast path; polling the status as well means a missed last call can never leave the
            // command waiting, and the deadline bounds a job that never ends.
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.await(200, TimeUnit.MILLISECONDS) && !manager.status(first.id()).state().isFinal()) {
                if (System.nanoTime() - deadline >= 0) {
                    manager.cancel(first.id());
                    console.info("job " + first.id() + " did not finish within " + timeout
                            + " and was cancelled; raise --timeout for longer jobs");
                    break;
                }
            }
        }
        return JobView.of(manager.status(first.id()));
    }

    private static void writeRemoteLog(ManagedChannel channel, String jobId, Path file) {
        StringBuilder text = new StringBuilder();
        ParallelServiceGrpc.newBlockingStub(channel)
                .getReplayLog(GetReplayLogRequest.newBuilder().setJobId(jobId).build())
                .forEachRemaining(chunk -> text.append(chunk.getText()));
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "FILE_NOT_WRITABLE",
                    "cannot write the replay log to " + file + ": " + e.getMessage());
        }
    }

    private static void requireWritable(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent) || (Files.exists(file) && !Files.isWritable(file))) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "FILE_NOT_WRITABLE",
                    "cannot write the replay log to " + file + ": its directory must exist and the file be writable");
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Replay a recorded run under its recorded scheduling decisions: a log FILE written by "
                    + "`run --record FILE` (in this process, or uploaded to --server), or a recorded JOB_ID on "
                    + "--server. Exit 0 when the replay ends as the recording did (the same result, or the same failure "
                    + "and failure path), 1 when it diverges.")
    static final class Replay implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE|JOB_ID", description = "A replay log file, or with --server the id "
                + "of a recorded job there.")
        String source;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
                description = "Longest wait for the replay to end (default: ${DEFAULT-VALUE}).")
        Duration timeout = Duration.ofHours(1);

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() throws Exception {
            Console console = common.console();
            requirePositive(timeout);
            Path file = Path.of(source);
            JobView view;
            if (common.server().isPresent()) {
                ManagedChannel channel = common.clientFactory().open(common.server().get().toString());
                try {
                    ReplayJobRequest.Builder request = ReplayJobRequest.newBuilder();
                    if (Files.isRegularFile(file)) {
                        request.setLog(ReplayLog.read(file).format());
                    } else {
                        request.setJobId(source);
                    }
                    JobStatus started = ParallelServiceGrpc.newBlockingStub(channel).replayJob(request.build());
                    view = follow(channel, started.getJobId(), console, "replay", timeout);
                } finally {
                    channel.shutdownNow();
                    channel.awaitTermination(2, TimeUnit.SECONDS);
                }
            } else {
                if (!Files.isRegularFile(file)) {
                    throw new InvalidInputException(TaskEngine.COMPONENT, "FILE_NOT_READABLE", "no replay log file "
                            + source + " (without --server, give a file written by `run --record FILE`)");
                }
                ReplayLog log = ReplayLog.read(file);
                int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
                try (JobManager manager = new JobManager(BuiltInJobs.catalog(), workers, 1, 1, Duration.ofMillis(100),
                        Clock.systemUTC(), IdGenerator.systemDefault(), NO_METRICS, EngineFactory.local())) {
                    view = await(manager, manager.replay(log, file.getFileName().toString()), console, "replay",
                            timeout);
                }
            }
            console.result(view, view::text);
            return "REPRODUCED".equals(view.replayVerdict()) ? ExitCode.SUCCESS.code()
                    : ExitCode.DOMAIN_REJECTED.code();
        }
    }

    /**
     * Streams a job's status until it ends, driving a progress bar; returns the final status.
     *
     * @throws PlatformException with code {@code JOB_WAIT_TIMED_OUT} when the job has not ended within {@code timeout}
     *     (the job keeps running on the server)
     */
    static JobView follow(ManagedChannel channel, String jobId, Console console, String label, Duration timeout) {
        // A followed job may run for long: the stream's deadline is the command's --timeout, not the call deadline.
        var stub = ParallelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toNanos(),
                TimeUnit.NANOSECONDS);
        Iterator<JobStatus> updates = stub.status(StatusRequest.newBuilder().setJobId(jobId).setFollow(true).build());
        JobStatus last = null;
        try (Progress progress = console.progress(label, -1)) {
            long finished = 0;
            while (updates.hasNext()) {
                last = updates.next();
                progress.step(last.getTasksFinished() - finished);
                finished = last.getTasksFinished();
                progress.message(last.getTasksFinished() + "/" + last.getTasksSubmitted() + " tasks");
            }
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != io.grpc.Status.Code.DEADLINE_EXCEEDED) {
                throw e;
            }
            throw new PlatformException(ErrorKind.DEADLINE_EXCEEDED, TaskEngine.COMPONENT, "JOB_WAIT_TIMED_OUT",
                    Severity.OPERATIONAL, "job " + jobId + " did not end within " + timeout + " (it keeps running on "
                    + "the server); follow it again with 'status " + jobId + " --follow' or raise --timeout",
                    Map.of("job", jobId), e);
        }
        return JobView.of(last);
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "A job's status on --server; with --follow, wait until it ends (exit 1 if it failed).")
    static final class Status implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "JOB_ID")
        String jobId;

        @Option(names = "--follow", description = "Stream progress until the job ends.")
        boolean follow;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
                description = "With --follow: longest wait for the job to end (default: ${DEFAULT-VALUE}).")
        Duration timeout = Duration.ofHours(1);

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() throws Exception {
            ManagedChannel channel = requireServer(common, "status");
            try {
                JobView view;
                if (follow) {
                    requirePositive(timeout);
                    view = follow(channel, jobId, common.console(), "job", timeout);
                } else {
                    view = JobView.of(ParallelServiceGrpc.newBlockingStub(channel)
                            .status(StatusRequest.newBuilder().setJobId(jobId).build()).next());
                }
                common.console().result(view, view::text);
                return view.isFinal() ? exitCodeOf(view) : ExitCode.SUCCESS.code();
            } finally {
                channel.shutdownNow();
            }
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a job on --server.")
    static final class Cancel implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "JOB_ID")
        String jobId;

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() {
            ManagedChannel channel = requireServer(common, "cancel");
            try {
                JobView view = JobView.of(ParallelServiceGrpc.newBlockingStub(channel)
                        .cancel(CancelRequest.newBuilder().setJobId(jobId).build()));
                common.console().result(view, view::text);
                return ExitCode.SUCCESS.code();
            } finally {
                channel.shutdownNow();
            }
        }
    }

    @Command(name = "workers", mixinStandardHelpOptions = true,
            description = "The workers: of --server's running jobs, or of this machine.")
    static final class Workers implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        record WorkerView(String id, String address, boolean busy, long tasksExecuted) {
        }

        record WorkersView(String mode, int cores, List<WorkerView> workers) {
        }

        @Override
        public Integer call() {
            WorkersView view;
            if (common.server().isPresent()) {
                ManagedChannel channel = common.clientFactory().open(common.server().get().toString());
                try {
                    ListWorkersResponse r = ParallelServiceGrpc.newBlockingStub(channel)
                            .listWorkers(ListWorkersRequest.getDefaultInstance());
                    List<WorkerView> list = new ArrayList<>();
                    r.getWorkersList().forEach(w -> list.add(new WorkerView(w.getId(), w.getAddress(), w.getBusy(),
                            w.getTasksExecuted())));
                    view = new WorkersView(r.getMode(), -1, list);
                } finally {
                    channel.shutdownNow();
                }
            } else {
                view = new WorkersView("local", Runtime.getRuntime().availableProcessors(), List.of());
            }
            WorkersView v = view;
            common.console().result(v, () -> {
                StringBuilder out = new StringBuilder("mode " + v.mode());
                if (v.cores() > 0) {
                    out.append(", ").append(v.cores()).append(" cores (a job runs one worker per core by default)");
                }
                out.append(String.format("%n%-48s %-8s %-6s %s", "WORKER", "ADDRESS", "BUSY", "EXECUTED"));
                v.workers().forEach(w -> out.append(String.format("%n%-48s %-8s %-6s %d", w.id(), w.address(),
                        w.busy() ? "yes" : "no", w.tasksExecuted())));
                return out.toString();
            });
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "jobs", mixinStandardHelpOptions = true, description = "The job types and their parameters.")
    static final class Jobs implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        record ParameterView(String name, String defaultValue, String description) {
        }

        record TypeView(String name, String description, List<ParameterView> parameters) {
        }

        @Override
        public Integer call() {
            List<TypeView> types = new ArrayList<>();
            if (common.server().isPresent()) {
                ManagedChannel channel = common.clientFactory().open(common.server().get().toString());
                try {
                    ParallelServiceGrpc.newBlockingStub(channel).listJobTypes(ListJobTypesRequest.getDefaultInstance())
                            .getJobTypesList().forEach(t -> types.add(new TypeView(t.getName(), t.getDescription(),
                                    t.getParametersList().stream().map(p -> new ParameterView(p.getName(),
                                            p.getDefaultValue().isEmpty() ? null : p.getDefaultValue(),
                                            p.getDescription())).toList())));
                } finally {
                    channel.shutdownNow();
                }
            } else {
                for (JobType t : BuiltInJobs.catalog().all()) {
                    types.add(new TypeView(t.name(), t.description(), t.parameters().stream()
                            .map(p -> new ParameterView(p.name(), p.defaultValue(), p.description())).toList()));
                }
            }
            common.console().result(types, () -> {
                StringBuilder out = new StringBuilder();
                for (TypeView t : types) {
                    out.append(t.name()).append(": ").append(t.description()).append('\n');
                    t.parameters().forEach(p -> out.append(String.format("  -p %s=%s  %s%n", p.name(),
                            p.defaultValue() == null ? "(required)" : p.defaultValue(), p.description())));
                }
                return out.toString().stripTrailing();
            });
            return ExitCode.SUCCESS.code();
        }
    }

    private static void requirePositive(Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "USAGE",
                    "--timeout must be a positive duration such as 90s or 10m, was " + timeout);
        }
    }

    private static ManagedChannel requireServer(CommonOptions common, String verb) {
        if (common.server().isEmpty()) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "USAGE",
                    verb + " talks to a running service: add --server host:port (jobs run in this process end with it)");
        }
        return common.clientFactory().open(common.server().get().toString());
    }

    private static final JobManager.Listener NO_METRICS = new JobManager.Listener() {
        @Override
        public void jobStarted(String type) {
        }

        @Override
        public void jobEnded(String type, JobState state, Duration elapsed) {
        }
    };
}
