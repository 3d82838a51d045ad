package io.multisystem.chaos.cli;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.multisystem.chaos.experiment.ActiveFault;
import io.multisystem.chaos.experiment.ChaosEngine;
import io.multisystem.chaos.experiment.Experiment;
import io.multisystem.chaos.experiment.ExperimentPlan;
import io.multisystem.chaos.v1.AbortRequest;
import io.multisystem.chaos.v1.ChaosServiceGrpc;
import io.multisystem.chaos.v1.Fault;
import io.multisystem.chaos.v1.GetJournalRequest;
import io.multisystem.chaos.v1.ListFaultsRequest;
import io.multisystem.chaos.v1.PlanRequest;
import io.multisystem.chaos.v1.PlanResponse;
import io.multisystem.chaos.v1.RunEvent;
import io.multisystem.chaos.v1.RunRequest;
import io.multisystem.chaos.v1.ValidateRequest;
import io.multisystem.chaos.v1.ValidateResponse;
import io.multisystem.core.cli.CommonOptions;
import io.multisystem.core.cli.Console;
import io.multisystem.core.cli.ExitCode;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.grpc.GrpcErrors;
import io.multisystem.core.grpc.ServerAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** The experiment verbs: validate, plan, run, abort, journal, faults. In-process by default, or {@code --server}. */
final class ExperimentCommands {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ExperimentCommands() {
    }

    private static ChaosServiceGrpc.ChaosServiceBlockingStub blocking(ManagedChannel channel) {
        return ChaosServiceGrpc.newBlockingStub(channel);
    }

    private static ManagedChannel channel(CommonOptions common) {
        ServerAddress address = common.server().orElseThrow();
        return common.clientFactory().open(address.toString());
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check an experiment file (YAML or JSON); errors name the JSON pointer of each bad field.")
    static final class Validate implements java.util.concurrent.Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The experiment file.")
        Path file;
        @Mixin
        CommonOptions common;
        @Mixin
        EngineAccess access;

        public Integer call() {
            String text = EngineAccess.read(file);
            Map<String, Object> result = new LinkedHashMap<>();
            if (common.server().isPresent()) {
                ManagedChannel channel = channel(common);
                try {
                    ValidateResponse r = blocking(channel).validate(ValidateRequest.newBuilder().setExperiment(text).build());
                    summary(result, r.getTitle(), r.getMethodActivities(), r.getHypothesisProbes(), r.getRolloutStages(),
                            r.getRollbacks());
                } finally {
                    channel.shutdownNow();
                }
            } else {
                Experiment e = new io.multisystem.chaos.experiment.ExperimentParser().parse(text);
                summary(result, e.title(), e.method().size(), e.hypothesis() == null ? 0 : e.hypothesis().probes().size(),
                        e.rollout().size(), e.rollbacks().size());
            }
            common.console().result(result, () -> "valid: " + result.get("title") + " (" + result.get("method_activities")
                    + " activities, " + result.get("hypothesis_probes") + " hypothesis probes, "
                    + result.get("rollout_stages") + " rollout stage(s), " + result.get("rollbacks") + " rollback(s))");
            return ExitCode.SUCCESS.code();
        }

        private static void summary(Map<String, Object> r, String title, int method, int probes, int stages, int rollbacks) {
            r.put("valid", true);
            r.put("title", title);
            r.put("method_activities", method);
            r.put("hypothesis_probes", probes);
            r.put("rollout_stages", stages);
            r.put("rollbacks", rollbacks);
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Dry run: which fault would hit which target in which rollout stage. Exit 1 if the blast "
                    + "radius would be exceeded.")
    static final class Plan implements java.util.concurrent.Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The experiment file.")
        Path file;
        @Mixin
        CommonOptions common;
        @Mixin
        EngineAccess access;

        public Integer call() {
            String text = EngineAccess.read(file);
            ExperimentPlan plan;
            if (common.server().isPresent()) {
                ManagedChannel channel = channel(common);
                try {
                    plan = fromProto(blocking(channel).plan(PlanRequest.newBuilder().setExperiment(text).build()));
                } finally {
                    channel.shutdownNow();
                }
            } else {
                try (EngineAccess.InProcess in = access.open()) {
                    plan = in.engine().plan(text);
                }
            }
            ExperimentPlan p = plan;
            common.console().result(planJson(p), p::describe);
            return p.withinBudget() ? ExitCode.SUCCESS.code() : ExitCode.DOMAIN_REJECTED.code();
        }

        static ExperimentPlan fromProto(PlanResponse r) {
            List<ExperimentPlan.PlannedFault> faults = new ArrayList<>();
            r.getFaultsList().forEach(f -> faults.add(new ExperimentPlan.PlannedFault(f.getStage(), f.getActivity(),
                    f.getPointer(), f.getKind(), f.getTarget(), f.getDetail())));
            return new ExperimentPlan(r.getTitle(), r.getStagesList(), faults, r.getConcurrentFaults(),
                    r.getAffectedTargets(), new Experiment.Safety(r.getMaxConcurrentFaults(), r.getMaxAffectedTargets()),
                    r.getWithinBudget(), r.getBudgetProblem());
        }

        static Map<String, Object> planJson(ExperimentPlan p) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("title", p.title());
            m.put("stages", p.stages());
            List<Map<String, Object>> faults = new ArrayList<>();
            for (ExperimentPlan.PlannedFault f : p.faults()) {
                Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("stage", f.stage() + 1);
                fm.put("activity", f.activity());
                fm.put("pointer", f.pointer());
                fm.put("kind", f.kind());
                fm.put("target", f.target());
                fm.put("detail", f.detail());
                faults.add(fm);
            }
            m.put("faults", faults);
            m.put("concurrent_faults", p.concurrentFaults());
            m.put("affected_targets", p.affectedTargets());
            m.put("max_concurrent_faults", p.safety().maxConcurrentFaults());
            m.put("max_affected_targets", p.safety().maxAffectedTargets());
            m.put("within_budget", p.withinBudget());
            m.put("budget_problem", p.budgetProblem());
            return m;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run an experiment with live progress on stderr; prints the journal summary (or the journal "
                    + "with --output json). Exit 1 when the hypothesis deviated or the run did not complete.")
    static final class Run implements java.util.concurrent.Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The experiment file.")
        Path file;
        @Option(names = "--quiet", description = "No live progress.")
        boolean quiet;
        @Mixin
        CommonOptions common;
        @Mixin
        EngineAccess access;

        public Integer call() throws Exception {
            String text = EngineAccess.read(file);
            Console console = common.console();
            JsonNode journal;
            if (common.server().isPresent()) {
                journal = remote(text, console);
            } else {
                try (EngineAccess.InProcess in = access.open()) {
                    if (!in.engine().recovered().isEmpty()) {
                        console.info("reverted " + in.engine().recovered().size()
                                + " fault(s) left by an interrupted engine");
                    }
                    journal = in.engine().run(text, e -> progress(console, e.at(), e.type(), e.ok(), e.message()));
                }
            }
            JsonNode j = journal;
            console.result(j, () -> summary(j));
            boolean ok = "completed".equals(j.path("status").asString()) && !j.path("deviated").asBoolean();
            return ok ? ExitCode.SUCCESS.code() : ExitCode.DOMAIN_REJECTED.code();
        }

        private void progress(Console console, Instant at, String type, boolean ok, String message) {
            if (!quiet) {
                console.info(at + " " + (ok ? "  " : "! ") + type + ": " + message);
            }
        }

        private JsonNode remote(String text, Console console) throws InterruptedException {
            ManagedChannel channel = channel(common);
            try {
                CountDownLatch done = new CountDownLatch(1);
                AtomicReference<Throwable> failure = new AtomicReference<>();
                AtomicReference<String> runId = new AtomicReference<>();
                ChaosServiceGrpc.newStub(channel).run(RunRequest.newBuilder().setExperiment(text).build(),
                        new StreamObserver<>() {
                            public void onNext(RunEvent e) {
                                runId.set(e.getRunId());
                                progress(console, Instant.ofEpochSecond(e.getAt().getSeconds(), e.getAt().getNanos()),
                                        e.getType(), e.getOk(), e.getMessage());
                            }

                            public void onError(Throwable t) {
                                failure.set(t);
                                done.countDown();
                            }

                            public void onCompleted() {
                                done.countDown();
                            }
                        });
                done.await();
                if (failure.get() != null) {
                    throw GrpcErrors.toPlatformException(failure.get());
                }
                return JSON.readTree(blocking(channel)
                        .getJournal(GetJournalRequest.newBuilder().setRunId(runId.get()).build()).getJson());
            } finally {
                channel.shutdownNow();
                channel.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true,
            description = "Abort a run on a server: the method stops, faults are reverted, rollbacks run.")
    static final class Abort implements java.util.concurrent.Callable<Integer> {
        @Parameters(paramLabel = "RUN_ID")
        String runId;
        @Option(names = "--reason", defaultValue = "aborted from the command line")
        String reason;
        @Mixin
        CommonOptions common;

        public Integer call() {
            if (common.server().isEmpty()) {
                throw new InvalidInputException("chaos-engine", "SERVER_REQUIRED",
                        "abort acts on a running service: give --server host:port");
            }
            ManagedChannel channel = channel(common);
            try {
                boolean aborted = blocking(channel).abort(AbortRequest.newBuilder().setRunId(runId).setReason(reason)
                        .build()).getAborted();
                common.console().result(Map.of("run_id", runId, "aborted", aborted),
                        () -> aborted ? "aborting " + runId : runId + " had already finished");
                return ExitCode.SUCCESS.code();
            } finally {
                channel.shutdownNow();
            }
        }
    }

    @Command(name = "journal", mixinStandardHelpOptions = true,
            description = "Show a run's journal: a summary, or the full journal with --output json.")
    static final class Journal implements java.util.concurrent.Callable<Integer> {
        @Parameters(paramLabel = "RUN_ID")
        String runId;
        @Mixin
        CommonOptions common;
        @Mixin
        EngineAccess access;

        public Integer call() {
            JsonNode journal;
            if (common.server().isPresent()) {
                ManagedChannel channel = channel(common);
                try {
                    journal = JSON.readTree(blocking(channel).getJournal(GetJournalRequest.newBuilder()
                            .setRunId(runId).build()).getJson());
                } finally {
                    channel.shutdownNow();
                }
            } else {
                try (EngineAccess.InProcess in = access.open()) {
                    journal = in.engine().journal(runId);
                }
            }
            JsonNode j = journal;
            common.console().result(j, () -> summary(j));
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "faults", mixinStandardHelpOptions = true,
            description = "List faults in place now (journaled, not yet reverted).")
    static final class Faults implements java.util.concurrent.Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        EngineAccess access;

        public Integer call() {
            List<Map<String, Object>> faults = new ArrayList<>();
            if (common.server().isPresent()) {
                ManagedChannel channel = channel(common);
                try {
                    for (Fault f : blocking(channel).listFaults(ListFaultsRequest.getDefaultInstance()).getFaultsList()) {
                        faults.add(fault(f.getId(), f.getRunId(), f.getKind(), f.getTarget(),
                                Instant.ofEpochSecond(f.getInjectedAt().getSeconds(), f.getInjectedAt().getNanos())));
                    }
                } finally {
                    channel.shutdownNow();
                }
            } else {
                try (EngineAccess.InProcess in = access.open()) {
                    for (ActiveFault f : in.engine().activeFaults()) {
                        faults.add(fault(f.id(), f.runId(), f.kind(), f.target(), f.injectedAt()));
                    }
                }
            }
            common.console().result(Map.of("faults", faults), () -> faults.isEmpty() ? "no active faults"
                    : String.join("\n", faults.stream().map(f -> f.get("kind") + " -> " + f.get("target") + "  (run "
                    + f.get("run_id") + ", since " + f.get("injected_at") + ")").toList()));
            return ExitCode.SUCCESS.code();
        }

        private static Map<String, Object> fault(String id, String run, String kind, String target, Instant at) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("run_id", run);
            m.put("kind", kind);
            m.put("target", target);
            m.put("injected_at", at.toString());
            return m;
        }
    }

    /** A readable summary of a journal. */
    static String summary(JsonNode j) {
        StringBuilder b = new StringBuilder();
        b.append("run ").append(j.path("run_id").asString()).append(": ").append(j.path("experiment").path("title")
                .asString()).append('\n');
        b.append("status: ").append(j.path("status").asString())
                .append(j.path("deviated").asBoolean() ? " (DEVIATED)" : "")
                .append(j.has("reason") ? " - " + j.get("reason").asString() : "").append('\n');
        JsonNode states = j.path("steady_states");
        for (String phase : List.of("before", "after")) {
            if (states.has(phase)) {
                b.append("steady state ").append(phase).append(": ")
                        .append(states.get(phase).path("steady_state_met").asBoolean() ? "met" : "NOT met").append('\n');
            }
        }
        for (JsonNode a : j.path("run")) {
            b.append("  ").append(a.path("status").asString()).append("  ").append(a.path("activity").path("type")
                    .asString()).append(' ').append(a.path("activity").path("name").asString());
            if (a.has("exception")) {
                b.append(": ").append(a.get("exception").asString());
            }
            b.append('\n');
        }
        b.append("faults reverted: ").append(j.path("faults_reverted").size());
        if (j.has("duration")) {
            b.append(", duration ").append(Duration.ofNanos((long) (j.get("duration").asDouble() * 1e9)).toMillis())
                    .append(" ms");
        }
        return b.toString();
    }
}
