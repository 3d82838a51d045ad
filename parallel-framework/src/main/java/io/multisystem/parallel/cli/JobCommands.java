package io.multisystem.parallel.cli;

import io.grpc.ManagedChannel;
import io.multisystem.core.cli.CommonOptions;
import io.multisystem.core.cli.Console;
import io.multisystem.core.cli.ExitCode;
import io.multisystem.core.cli.Progress;
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
                   String errorMessage, List<String> failurePath) {
        static JobView of(JobSnapshot s) {
            return new JobView(s.id(), s.type(), s.state().name(), s.workers(), s.tasksSubmitted(), s.tasksFinished(),
                    s.started().toString(), s.ended() == null ? null : s.ended().toString(), s.summary(), s.figures(),
                    emptyToNull(s.errorCode()), emptyToNull(s.errorMessage()), s.failurePath());
        }

        static JobView of(JobStatus s) {
            return new JobView(s.getJobId(), s.getJobType(), s.getState().name().replace("JOB_STATE_", ""),
                    s.getWorkers(), s.getTasksSubmitted(), s.getTasksFinished(),
                    Instant.ofEpochSecond(s.getStarted().getSeconds(), s.getStarted().getNanos()).toString(),
                    s.hasEnded() ? Instant.ofEpochSecond(s.getEnded().getSeconds(), s.getEnded().getNanos()).toString()
                            : null,
                    s.getResult(), s.getFiguresMap(), emptyToNull(s.getErrorCode()), emptyToNull(s.getErrorMessage()),
                    s.getFailurePathList());
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

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() throws Exception {
            Console console = common.console();
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
                JobSnapshot first = manager.submit(job, parameters, workers);
                CountDownLatch done = new CountDownLatch(1);
                AtomicReference<JobSnapshot> last = new AtomicReference<>(first);
                try (Progress progress = console.progress(job, -1); AutoCloseable watch = manager.watch(first.id(),
                        s -> {
                            progress.step(s.tasksFinished() - last.getAndSet(s).tasksFinished());
                            progress.message(s.tasksFinished() + "/" + s.tasksSubmitted() + " tasks");
                            if (s.state().isFinal()) {
                                done.countDown();
                            }
                        })) {
                    // The watcher is the fast path; polling the status as well means a missed last call can
                    // never leave the command waiting forever.
                    while (!done.await(200, TimeUnit.MILLISECONDS)
                            && !manager.status(first.id()).state().isFinal()) {
                        // keep waiting
                    }
                }
                JobView view = JobView.of(manager.status(first.id()));
                console.result(view, view::text);
                return exitCodeOf(view);
            }
        }

        private int remote(Console console) throws InterruptedException {
            ManagedChannel channel = common.clientFactory().open(common.server().get().toString());
            try {
                var stub = ParallelServiceGrpc.newBlockingStub(channel);
                JobStatus started = stub.submitJob(SubmitJobRequest.newBuilder().setJobType(job)
                        .putAllParameters(parameters).setWorkers(workers).build());
                if (detach) {
                    JobView view = JobView.of(started);
                    console.result(view, view::text);
                    return ExitCode.SUCCESS.code();
                }
                JobView view = follow(channel, started.getJobId(), console, job);
                console.result(view, view::text);
                return exitCodeOf(view);
            } finally {
                channel.shutdownNow();
                channel.awaitTermination(2, TimeUnit.SECONDS);
            }
        }
    }

    /** Streams a job's status until it ends, driving a progress bar; returns the final status. */
    static JobView follow(ManagedChannel channel, String jobId, Console console, String label) {
        // A followed job may run for long: no deadline on the stream itself.
        var stub = ParallelServiceGrpc.newBlockingStub(channel).withDeadline(null);
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

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() throws Exception {
            ManagedChannel channel = requireServer(common, "status");
            try {
                JobView view;
                if (follow) {
                    view = follow(channel, jobId, common.console(), "job");
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
