package io.multisystem.chaos.experiment;

import io.multisystem.chaos.proxy.FaultProxyEngine;
import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.UnavailableException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The experiment engine: validates, plans and runs experiments against the engine's own proxies, Toxiproxy APIs,
 * processes and cgroups, with a durable fault journal.
 *
 * <p>Contract: {@link #start} refuses (throws, changing nothing) an experiment that is invalid, selects no target or
 * exceeds the blast-radius budget; once started, a run always ends with every fault it injected reverted or, if a
 * revert fails, still journaled for the next attempt. Opening an engine first reverts whatever the journal says is
 * still in place (left by a crash), see {@link #recovered()}. Thread-safe; runs execute on their own threads.
 */
public final class ChaosEngine implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final Pattern RUN_ID = Pattern.compile("[0-9a-f\\-]{36}");

    private final Clock clock;
    private final Path journals;
    private final FaultJournal faultJournal;
    private final FaultProxyEngine localProxies;
    private final ProcessTable processes;
    private final GrpcHealthChecker grpcHealth;
    private final ChaosObserver observer;
    private final int maxConcurrentFaults;
    private final ExperimentParser parser;
    private final Planner planner;
    private final FaultInjector injector;
    private final Map<String, ExperimentRun> runs = new ConcurrentHashMap<>();
    /** Faults each running run may still inject (its whole plan), so concurrent starts cannot overbook the budget. */
    private final Map<String, Integer> reserved = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "chaos-run");
        t.setDaemon(true);
        return t;
    });
    private final List<ActiveFault> recovered;
    private final KernelAgentLimits kernelAgent;

    private ChaosEngine(Builder b) {
        this.clock = b.clock;
        this.localProxies = b.localProxies;
        this.processes = b.processes;
        this.grpcHealth = b.grpcHealth;
        this.observer = b.observer;
        this.maxConcurrentFaults = b.maxConcurrentFaults;
        this.parser = new ExperimentParser(b.environment::get);
        this.journals = b.dataDirectory.resolve("journals");
        try {
            Files.createDirectories(journals);
        } catch (IOException e) {
            throw new UnavailableException(ChaosErrors.COMPONENT, ChaosErrors.JOURNAL_UNAVAILABLE,
                    "cannot create " + journals + ": " + e.getMessage());
        }
        this.faultJournal = FaultJournal.open(b.dataDirectory);
        java.util.function.Function<URI, ProxyControl> proxies = api -> {
            if (api != null) {
                return ProxyControl.http(api);
            }
            if (localProxies == null) {
                throw new FailedPreconditionException(ChaosErrors.COMPONENT, ChaosErrors.PROVIDER_FAILED,
                        "no local proxies in this engine; give the toxic provider an api URL");
            }
            return ProxyControl.local(localProxies);
        };
        this.planner = new Planner(processes, proxies);
        this.kernelAgent = b.kernelAgent;
        this.injector = new FaultInjector(faultJournal, processes, b.cgroups, b.kernelAgent, proxies, clock);
        this.recovered = recover();
    }

    public static Builder builder(Path dataDirectory) {
        return new Builder(dataDirectory);
    }

    /** Faults a previous engine left in place (crash) and this one reverted when it opened. */
    public List<ActiveFault> recovered() {
        return recovered;
    }

    /**
     * Parses and validates an experiment.
     *
     * @throws io.multisystem.core.error.InvalidInputException {@code INVALID_EXPERIMENT} with JSON pointers
     */
    public Experiment validate(String text) {
        return parser.parse(text);
    }

    /**
     * What a run would do now (dry run): targets resolved against the live processes and proxies.
     *
     * @throws PlatformException {@code INVALID_EXPERIMENT}, {@code NO_TARGETS}, {@code PROTECTED_TARGET}
     */
    public ExperimentPlan plan(String text) {
        Experiment experiment = parser.parse(text);
        return Planner.plan(experiment, planner.resolve(experiment), budgetInUse(), maxConcurrentFaults);
    }

    /** Faults counted against the engine-wide budget: those in place, plus what running runs may still inject. */
    private int budgetInUse() {
        long foreign = activeFaults().stream().filter(f -> !reserved.containsKey(f.runId())).count();
        return (int) foreign + reserved.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Starts a run on its own thread.
     *
     * @return the run's id
     * @throws PlatformException {@code INVALID_EXPERIMENT}, {@code NO_TARGETS}, {@code PROTECTED_TARGET},
     *                           {@code BLAST_RADIUS_EXCEEDED}, {@code KERNEL_AGENT_UNAVAILABLE} (FAILED_PRECONDITION);
     *                           nothing is changed then
     */
    public synchronized String start(String text, RunListener listener) {
        Experiment experiment = parser.parse(text);
        Map<Integer, Planner.ResolvedAction> resolved = planner.resolve(experiment);
        ExperimentPlan plan = Planner.plan(experiment, resolved, budgetInUse(), maxConcurrentFaults);
        if (!plan.withinBudget()) {
            throw new FailedPreconditionException(ChaosErrors.COMPONENT, ChaosErrors.BLAST_RADIUS_EXCEEDED,
                    "refused: " + plan.budgetProblem());
        }
        if (kernelAgent != null && experiment.method().stream()
                .anyMatch(a -> a.provider() instanceof Provider.CgroupLimit)) {
            kernelAgent.checkReachable(); // refuse now, with nothing changed, rather than fail mid-method
        }
        String id = UUID.randomUUID().toString();
        RunListener persisting = event -> {
            if ("finished".equals(event.type())) {
                reserved.remove(id);
                persist(id);
            }
            listener.onEvent(event);
        };
        ExperimentRun run = new ExperimentRun(id, experiment, resolved, injector, localProxies, processes,
                grpcHealth, clock, persisting, observer);
        runs.put(id, run);
        reserved.put(id, plan.concurrentFaults());
        executor.execute(run);
        return id;
    }

    /** Runs an experiment to its end on the calling thread's behalf and returns its journal. */
    public JsonNode run(String text, RunListener listener) throws InterruptedException {
        String id = start(text, listener);
        ExperimentRun run = runs.get(id);
        while (!run.awaitDone(Duration.ofSeconds(1))) {
            // keep waiting: a run always ends (rollback included)
        }
        return journal(id);
    }

    /**
     * Aborts a running experiment: the method stops, faults are reverted, rollbacks run.
     *
     * @return false if it had already finished
     * @throws NotFoundException {@code RUN_NOT_FOUND}
     */
    public boolean abort(String runId, String reason) {
        ExperimentRun run = runs.get(runId);
        if (run == null) {
            throw new NotFoundException(ChaosErrors.COMPONENT, ChaosErrors.RUN_NOT_FOUND, "no run " + runId);
        }
        if (run.status() != RunStatus.RUNNING) {
            return false;
        }
        run.abort(reason == null || reason.isBlank() ? "abort requested" : reason);
        return true;
    }

    /** Waits until a run has finished (rollback included); false on timeout. */
    public boolean awaitRun(String runId, Duration timeout) throws InterruptedException {
        ExperimentRun run = runs.get(runId);
        if (run == null) {
            throw new NotFoundException(ChaosErrors.COMPONENT, ChaosErrors.RUN_NOT_FOUND, "no run " + runId);
        }
        return run.awaitDone(timeout);
    }

    /**
     * A run's journal, live while it runs, or from the data directory after it.
     *
     * @throws NotFoundException {@code RUN_NOT_FOUND}
     */
    public JsonNode journal(String runId) {
        ExperimentRun run = runs.get(runId);
        if (run != null) {
            return run.journal();
        }
        if (runId != null && RUN_ID.matcher(runId).matches()) {
            Path file = journals.resolve(runId + ".json");
            if (Files.exists(file)) {
                try {
                    return JSON.readTree(Files.readString(file));
                } catch (IOException e) {
                    throw new UnavailableException(ChaosErrors.COMPONENT, ChaosErrors.JOURNAL_UNAVAILABLE,
                            "cannot read " + file + ": " + e.getMessage());
                }
            }
        }
        throw new NotFoundException(ChaosErrors.COMPONENT, ChaosErrors.RUN_NOT_FOUND, "no run " + runId);
    }

    /** Status of a run, if known to this engine. */
    public Optional<RunStatus> status(String runId) {
        return Optional.ofNullable(runs.get(runId)).map(ExperimentRun::status);
    }

    /** Faults in place now (journaled, not reverted), across every run. */
    public List<ActiveFault> activeFaults() {
        return faultJournal.pending();
    }

    /** Interrupts running experiments (their faults are reverted) and closes the journal. */
    @Override
    public void close() {
        List<ExperimentRun> running = new ArrayList<>(runs.values());
        running.forEach(ExperimentRun::interrupt);
        for (ExperimentRun run : running) {
            try {
                run.awaitDone(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        executor.shutdownNow();
        faultJournal.close();
    }

    private void persist(String id) {
        ExperimentRun run = runs.get(id);
        try {
            Path tmp = journals.resolve(id + ".json.tmp");
            Files.writeString(tmp, JSON.writeValueAsString(run.journal()));
            Files.move(tmp, journals.resolve(id + ".json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // the run's journal stays readable from memory; the fault journal is what safety relies on
        }
    }

    private List<ActiveFault> recover() {
        List<ActiveFault> pending = faultJournal.pending();
        List<ActiveFault> done = new ArrayList<>();
        for (ActiveFault f : pending) {
            try {
                injector.revert(f);
                done.add(f);
                observer.faultReverted(f.kind());
            } catch (PlatformException e) {
                // stays pending; reported by activeFaults() and retried at the next start
            }
        }
        faultJournal.compact();
        return List.copyOf(done);
    }

    /** Builds an engine. */
    public static final class Builder {
        private final Path dataDirectory;
        private Clock clock = Clock.systemUTC();
        private FaultProxyEngine localProxies;
        private ProcessTable processes;
        private GrpcHealthChecker grpcHealth = GrpcHealthChecker.UNAVAILABLE;
        private ChaosObserver observer = ChaosObserver.NONE;
        private CgroupLimits cgroups = CgroupLimits.system();
        private KernelAgentLimits kernelAgent;
        private int maxConcurrentFaults = 100;
        private Map<String, String> environment = System.getenv();

        private Builder(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The engine's own proxies, for toxic actions without an api URL and for declared proxies. */
        public Builder localProxies(FaultProxyEngine engine) {
            this.localProxies = engine;
            return this;
        }

        public Builder processes(ProcessTable processes) {
            this.processes = processes;
            return this;
        }

        public Builder grpcHealth(GrpcHealthChecker checker) {
            this.grpcHealth = checker;
            return this;
        }

        public Builder observer(ChaosObserver observer) {
            this.observer = observer;
            return this;
        }

        public Builder cgroups(CgroupLimits cgroups) {
            this.cgroups = cgroups;
            return this;
        }

        /**
         * Applies the limits of {@code cgroup} actions through cloud-kernel-agent (null: write the cgroup file system
         * directly). Process cgroups are still found through {@link #cgroups}' proc root.
         */
        public Builder kernelAgent(KernelAgentLimits agent) {
            this.kernelAgent = agent;
            return this;
        }

        /** The engine-wide budget: the most faults active at once across every run. */
        public Builder maxConcurrentFaults(int max) {
            this.maxConcurrentFaults = max;
            return this;
        }

        public Builder environment(Map<String, String> environment) {
            this.environment = environment;
            return this;
        }

        /**
         * Opens the engine, reverting faults a crashed predecessor left.
         *
         * @throws UnavailableException {@code JOURNAL_UNAVAILABLE} if the data directory is not writable
         */
        public ChaosEngine open() {
            if (processes == null) {
                processes = new ProcessTable();
            }
            return new ChaosEngine(this);
        }
    }
}
