package io.multisystem.chaos.experiment;

import com.sun.net.httpserver.HttpServer;
import io.multisystem.chaos.proxy.FaultProxyEngine;
import io.multisystem.chaos.proxy.FaultProxyOptions;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.testing.FakeClock;
import io.multisystem.core.testing.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

class ChaosEngineTest {
    @TempDir
    Path data;

    FaultProxyEngine proxies;
    ChaosEngine engine;
    HttpServer service;
    final java.util.concurrent.atomic.AtomicLong scrapes = new java.util.concurrent.atomic.AtomicLong();
    final AtomicReference<IntSupplier> healthStatus = new AtomicReference<>(() -> 200);

    @BeforeEach
    void start() throws Exception {
        proxies = FaultProxyEngine.create(FaultProxyOptions.defaults());
        engine = ChaosEngine.builder(data).localProxies(proxies).open();
        service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/health", exchange -> {
            int status = healthStatus.get().getAsInt();
            byte[] body = ("{\"status\":\"" + (status == 200 ? "UP" : "DOWN") + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        service.createContext("/metrics", exchange -> {
            long n = scrapes.addAndGet(10);
            byte[] body = ("# TYPE requests_total counter\nrequests_total{code=\"500\"} " + n
                    + "\nrequests_total{code=\"200\"} 5\nqueue_depth 42\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        service.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        service.start();
    }

    @AfterEach
    void stop() {
        engine.close();
        proxies.close();
        service.stop(0);
    }

    private int servicePort() {
        return service.getAddress().getPort();
    }

    @Test
    void latencyToxicSlowsTheRealServiceThroughADeclaredProxyAndIsRemovedAfterwards() throws Exception {
        int listen = FreePorts.next();
        String experiment = """
                title: health survives 300ms of latency
                proxies: [{name: api, listen: "127.0.0.1:%d", upstream: "127.0.0.1:%d"}]
                steady-state-hypothesis:
                  title: healthy through the proxy
                  probes:
                    - {type: probe, name: health, provider: {type: http, url: "http://127.0.0.1:%d/health"}, tolerance: 200}
                method:
                  - type: action
                    name: slow
                    provider: {type: toxic, proxy: api, toxic: {type: latency, attributes: {latency: 300}}}
                  - type: probe
                    name: slow-health
                    provider: {type: http, url: "http://127.0.0.1:%d/health", timeout: 5s}
                    tolerance: {type: jsonpath, path: "$.status", expect: UP}
                """.formatted(listen, servicePort(), listen, listen);

        JsonNode journal = engine.run(experiment, RunListener.NONE);

        assertThat(journal.get("status").asString()).isEqualTo("completed");
        assertThat(journal.get("deviated").asBoolean()).isFalse();
        JsonNode probe = journal.get("run").get(1);
        assertThat(probe.get("tolerance_met").asBoolean()).isTrue();
        assertThat(probe.get("duration").asDouble()).isGreaterThanOrEqualTo(0.3);
        assertThat(journal.get("steady_states").get("before").get("steady_state_met").asBoolean()).isTrue();
        assertThat(journal.get("steady_states").get("after").get("steady_state_met").asBoolean()).isTrue();
        assertThat(journal.get("faults_reverted").get(0).get("output").asString()).isEqualTo("toxic removed");
        assertThat(engine.activeFaults()).isEmpty();
        assertThat(proxies.listProxies()).isEmpty();
        assertThat(Files.exists(data.resolve("journals").resolve(journal.get("run_id").asString() + ".json"))).isTrue();
    }

    @Test
    void hypothesisViolatedDuringTheMethodAbortsAtOnceAndRollsBack() throws Exception {
        int listen = FreePorts.next();
        String experiment = """
                title: a held connection breaks health
                proxies: [{name: api, listen: "127.0.0.1:%d", upstream: "127.0.0.1:%d"}]
                steady-state-hypothesis:
                  frequency: 100ms
                  probes:
                    - {type: probe, name: health, provider: {type: http, url: "http://127.0.0.1:%d/health", timeout: 300ms}, tolerance: 200}
                method:
                  - type: action
                    name: hold
                    provider: {type: toxic, proxy: api, toxic: {type: timeout, attributes: {timeout: 0}}}
                    pauses: {after: 60s}
                """.formatted(listen, servicePort(), listen);
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        Instant started = Instant.now();

        JsonNode journal = engine.run(experiment, events::add);

        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(20));
        assertThat(journal.get("status").asString()).isEqualTo("aborted");
        assertThat(journal.get("deviated").asBoolean()).isTrue();
        assertThat(journal.get("steady_states_during").size()).isGreaterThanOrEqualTo(1);
        assertThat(events).extracting(RunEvent::type).contains("hypothesis-violated", "fault-reverted", "finished");
        assertThat(engine.activeFaults()).isEmpty();
    }

    @Test
    void rolloutStopsAtTheFirstStageThatViolatesTheHypothesisAndResumesEveryPausedProcess() throws Exception {
        try (ChildProcesses children = new ChildProcesses(4)) {
            healthStatus.set(() -> children.stoppedCount() >= 2 ? 503 : 200);
            String experiment = """
                    title: workers can be paused one at a time
                    seed: 7
                    steady-state-hypothesis:
                      probes:
                        - {type: probe, name: health, provider: {type: http, url: "http://127.0.0.1:%d/health"}, tolerance: 200}
                    method:
                      - type: action
                        name: pause-workers
                        provider: {type: process-signal, signal: pause, selector: {pattern: "%s", mode: all}}
                    rollout: [{count: 1}, {count: 2}, {percent: 100}]
                    """.formatted(servicePort(), children.pattern());
            List<Long> stoppedWhenInjected = new CopyOnWriteArrayList<>();

            JsonNode journal = engine.run(experiment, e -> {
                if (e.type().equals("fault-injected")) {
                    stoppedWhenInjected.add(children.stoppedCount());
                }
            });

            assertThat(journal.get("status").asString()).isEqualTo("aborted");
            assertThat(journal.get("deviated").asBoolean()).isTrue();
            assertThat(journal.get("reason").asString()).contains("after rollout stage 2");
            assertThat(stoppedWhenInjected).containsExactly(1L, 2L);
            assertThat(journal.get("faults_reverted")).hasSize(2);
            assertThat(children.stoppedCount()).isZero();
            assertThat(engine.activeFaults()).isEmpty();
        }
    }

    @Test
    void planShowsWhichFaultHitsWhichTargetInWhichStageWithoutTouchingAnything() throws Exception {
        try (ChildProcesses children = new ChildProcesses(4)) {
            String experiment = """
                    title: plan
                    method:
                      - type: action
                        name: pause-workers
                        provider: {type: process-signal, signal: pause, selector: {pattern: "%s", mode: all}}
                    rollout: [{count: 1}, {percent: 50}]
                    """.formatted(children.pattern());

            ExperimentPlan plan = engine.plan(experiment);

            assertThat(plan.faults()).extracting(ExperimentPlan.PlannedFault::stage).containsExactly(0, 1, 2, 2);
            assertThat(plan.faults()).extracting(ExperimentPlan.PlannedFault::target).containsExactlyInAnyOrder(
                    "process:" + children.pid(0), "process:" + children.pid(1), "process:" + children.pid(2),
                    "process:" + children.pid(3));
            assertThat(plan.withinBudget()).isTrue();
            assertThat(plan.describe()).contains("stage 1", "process-pause");
            assertThat(children.stoppedCount()).isZero();
            assertThat(engine.plan(experiment)).isEqualTo(plan);
        }
    }

    @Test
    void anExperimentBeyondItsBlastRadiusIsRefusedBeforeAnyFault() throws Exception {
        try (ChildProcesses children = new ChildProcesses(4)) {
            String experiment = """
                    title: too wide
                    safety: {max-affected-targets: 2}
                    method:
                      - type: action
                        name: pause-workers
                        provider: {type: process-signal, signal: pause, selector: {pattern: "%s", mode: all}}
                    """.formatted(children.pattern());

            PlatformException error = catchThrowableOfType(PlatformException.class,
                    () -> engine.start(experiment, RunListener.NONE));

            assertThat(error.code()).isEqualTo(ChaosErrors.BLAST_RADIUS_EXCEEDED);
            assertThat(error.getMessage()).contains("4 targets exceed safety.max-affected-targets 2");
            assertThat(children.stoppedCount()).isZero();
            assertThat(engine.activeFaults()).isEmpty();
        }
    }

    @Test
    void theEngineWideFaultBudgetCountsFaultsOfOtherRuns() throws Exception {
        try (ChildProcesses children = new ChildProcesses(2);
             ChaosEngine small = ChaosEngine.builder(data.resolve("small")).maxConcurrentFaults(1).open()) {
            String holdOne = """
                    title: hold
                    method:
                      - {type: action, name: p, provider: {type: process-signal, signal: pause, selector: {pid: %d}}, pauses: {after: 30s}}
                    """.formatted(children.pid(0));
            String second = holdOne.replace(String.valueOf(children.pid(0)), String.valueOf(children.pid(1)));
            String first = small.start(holdOne, RunListener.NONE);
            await().atMost(Duration.ofSeconds(10)).until(() -> small.activeFaults().size() == 1);

            PlatformException error = catchThrowableOfType(PlatformException.class,
                    () -> small.start(second, RunListener.NONE));

            assertThat(error.code()).isEqualTo(ChaosErrors.BLAST_RADIUS_EXCEEDED);
            assertThat(small.abort(first, "test done")).isTrue();
            assertThat(small.awaitRun(first, Duration.ofSeconds(10))).isTrue();
            assertThat(small.journal(first).get("status").asString()).isEqualTo("aborted");
            assertThat(children.stoppedCount()).isZero();
        }
    }

    @Test
    void aTargetThatVanishesFailsItsActivityAndTriggersRollback() throws Exception {
        try (ChildProcesses children = new ChildProcesses(2)) {
            String experiment = """
                    title: vanishing target
                    method:
                      - {type: action, name: pause-a, provider: {type: process-signal, signal: pause, selector: {pid: %d}}}
                      - {type: action, name: kill-b, provider: {type: process-signal, signal: kill, selector: {pid: %d}}}
                      - {type: action, name: pause-b, provider: {type: process-signal, signal: pause, selector: {pid: %d}}, pauses: {before: 300ms}}
                    rollbacks:
                      - {type: action, name: note, provider: {type: command, command: [echo, rolled back]}}
                    """.formatted(children.pid(0), children.pid(1), children.pid(1));

            JsonNode journal = engine.run(experiment, RunListener.NONE);

            assertThat(journal.get("status").asString()).isEqualTo("failed");
            assertThat(journal.get("run").get(2).get("status").asString()).isEqualTo("failed");
            assertThat(journal.get("run").get(2).get("exception").asString()).contains("no longer exists");
            assertThat(journal.get("rollbacks").get(0).get("output").get("stdout").asString()).contains("rolled back");
            assertThat(ProcessTable.isStopped(children.pid(0))).isFalse();
            assertThat(children.processes.get(0).isAlive()).isTrue();
            assertThat(engine.activeFaults()).isEmpty();
        }
    }

    @Test
    void faultsLeftByACrashedEngineAreRevertedWhenTheNextOneOpens() throws Exception {
        try (ChildProcesses children = new ChildProcesses(1)) {
            Path crashed = data.resolve("crashed");
            FaultJournal journal = FaultJournal.open(crashed);
            ActiveFault fault = new FaultInjector(journal, new ProcessTable(), CgroupLimits.system(), api -> null,
                    java.time.Clock.systemUTC()).inject("run-1", new Provider.Signal(Provider.ProcessSignal.PAUSE,
                    new Selector(children.pid(0), null, null, Selector.Mode.ONE, 0)),
                    new Planner.Target("process:" + children.pid(0), "sleep", children.pid(0),
                            children.processes.get(0).toHandle().info().startInstant().orElse(null), null));
            assertThat(ProcessTable.isStopped(children.pid(0))).isTrue();
            // no revert, no close: the engine "crashed" with the fault in place

            try (ChaosEngine restarted = ChaosEngine.builder(crashed).open()) {
                assertThat(restarted.recovered()).extracting(ActiveFault::id).containsExactly(fault.id());
                assertThat(ProcessTable.isStopped(children.pid(0))).isFalse();
                assertThat(restarted.activeFaults()).isEmpty();
            }
        }
    }

    @Test
    void cgroupCpuLimitIsWrittenAndRestoredThroughTheCgroupFileSystem() throws Exception {
        try (ChildProcesses children = new ChildProcesses(1)) {
            long pid = children.pid(0);
            Path proc = data.resolve("proc");
            Path cgroup = data.resolve("cgroup");
            Files.createDirectories(proc.resolve(String.valueOf(pid)));
            Files.writeString(proc.resolve(String.valueOf(pid)).resolve("cgroup"), "0::/workers.slice/w1\n");
            Path cpuMax = cgroup.resolve("workers.slice/w1/cpu.max");
            Files.createDirectories(cpuMax.getParent());
            Files.writeString(cpuMax, "max 100000\n");
            List<String> during = new CopyOnWriteArrayList<>();
            try (ChaosEngine withCgroups = ChaosEngine.builder(data.resolve("cg"))
                    .cgroups(new CgroupLimits(proc, cgroup)).open()) {
                String experiment = """
                        title: half a CPU
                        method:
                          - {type: action, name: throttle, provider: {type: cgroup, resource: cpu, limit: "0.5", selector: {pid: %d}}}
                        """.formatted(pid);

                JsonNode journal = withCgroups.run(experiment, e -> {
                    if (e.type().equals("fault-injected")) {
                        during.add(read(cpuMax));
                    }
                });

                assertThat(journal.get("status").asString()).isEqualTo("completed");
            }
            assertThat(during).containsExactly("50000 100000");
            assertThat(read(cpuMax)).isEqualTo("max 100000");
        }
    }

    @Test
    void journalTimesComeFromTheInjectedClock() throws Exception {
        FakeClock clock = FakeClock.atEpochOfTests();
        try (ChaosEngine clocked = ChaosEngine.builder(data.resolve("clocked")).clock(clock).open()) {
            JsonNode journal = clocked.run("""
                    title: clocked
                    steady-state-hypothesis:
                      probes: [{type: probe, name: ok, provider: {type: command, command: ["true"]}, tolerance: 0}]
                    method: [{type: probe, name: echo, provider: {type: command, command: [echo, hi]}, tolerance: {type: regex, pattern: hi}}]
                    """, RunListener.NONE);

            assertThat(journal.get("start").asString()).isEqualTo(clock.instant().toString());
            assertThat(journal.get("duration").asDouble()).isZero();
            assertThat(journal.get("run").get(0).get("tolerance_met").asBoolean()).isTrue();
        }
    }

    @Test
    void aViolatedHypothesisBeforeTheMethodInjectsNothing() throws Exception {
        healthStatus.set(() -> 500);
        try (ChildProcesses children = new ChildProcesses(1)) {
            JsonNode journal = engine.run("""
                    title: unhealthy from the start
                    steady-state-hypothesis:
                      probes: [{type: probe, name: h, provider: {type: http, url: "http://127.0.0.1:%d/health"}, tolerance: 200}]
                    method:
                      - {type: action, name: p, provider: {type: process-signal, signal: pause, selector: {pid: %d}}}
                    """.formatted(servicePort(), children.pid(0)), RunListener.NONE);

            assertThat(journal.get("status").asString()).isEqualTo("failed");
            assertThat(journal.has("run")).isFalse();
            assertThat(journal.get("faults_reverted")).isEmpty();
        }
    }

    @Test
    void prometheusRateProbeMeasuresTheIncreaseBetweenTwoScrapesAndFailsAHypothesisAboveItsRange() throws Exception {
        JsonNode journal = engine.run("""
                title: error rate must stay low
                steady-state-hypothesis:
                  probes:
                    - type: probe
                      name: depth
                      provider: {type: prometheus, url: "http://127.0.0.1:%d/metrics", metric: queue_depth}
                      tolerance: {type: baseline, band: 0.1}
                    - type: probe
                      name: errors
                      provider: {type: prometheus, url: "http://127.0.0.1:%d/metrics", metric: requests_total, labels: {code: "500"}, mode: rate, interval: 200ms}
                      tolerance: [0, 0.5]
                method:
                  - {type: action, name: say, provider: {type: command, command: [echo, hi]}}
                """.formatted(servicePort(), servicePort()), RunListener.NONE);

        JsonNode probes = journal.get("steady_states").get("before").get("probes");
        assertThat(probes.get(0).get("output").asDouble()).isEqualTo(42);
        assertThat(probes.get(0).get("tolerance_met").asBoolean()).isTrue();
        double rate = probes.get(1).get("output").asDouble();
        assertThat(rate).isBetween(0.5, 51.0); // 10 more per scrape over at least 200 ms, at most 20 s
        assertThat(probes.get(1).get("tolerance_met").asBoolean()).isFalse();
        assertThat(journal.get("status").asString()).isEqualTo("failed");
    }

    @Test
    void toxicActionsDriveAnyToxiproxyApiAndARestartRemovesToxicsLeftThere() throws Exception {
        try (io.multisystem.chaos.toxiproxy.ToxiproxyServer toxiproxy = io.multisystem.chaos.toxiproxy.ToxiproxyServer
                .builder().apiHost("127.0.0.1").apiPort(0).start()) {
            toxiproxy.proxies().createProxy(new io.multisystem.chaos.proxy.ProxySpec("db", "127.0.0.1:0",
                    "127.0.0.1:9", true));
            toxiproxy.proxies().createProxy(new io.multisystem.chaos.proxy.ProxySpec("cache", "127.0.0.1:0",
                    "127.0.0.1:9", true));
            List<Integer> toxicsDuringRun = new CopyOnWriteArrayList<>();
            String experiment = """
                    title: remote toxics
                    method:
                      - type: action
                        name: slow-everything
                        provider: {type: toxic, api: "%s", selector: {pattern: ".*", mode: all}, toxic: {type: latency, attributes: {latency: 50}}}
                    """.formatted(toxiproxy.apiUrl());

            JsonNode journal = engine.run(experiment, e -> {
                if (e.type().equals("fault-injected")) {
                    toxicsDuringRun.add(toxiproxy.proxies().listToxics("db").size()
                            + toxiproxy.proxies().listToxics("cache").size());
                }
            });

            assertThat(journal.get("status").asString()).isEqualTo("completed");
            assertThat(toxicsDuringRun).last().isEqualTo(2);
            assertThat(toxiproxy.proxies().listToxics("db")).isEmpty();
            assertThat(toxiproxy.proxies().listToxics("cache")).isEmpty();

            // a toxic journaled by an engine that then died is removed through the API by the next one
            Path crashed = data.resolve("crashed-remote");
            FaultJournal faults = FaultJournal.open(crashed);
            new FaultInjector(faults, new ProcessTable(), CgroupLimits.system(),
                    api -> ProxyControl.http(api), java.time.Clock.systemUTC()).inject("run-x",
                    new Provider.Toxic(java.net.URI.create(toxiproxy.apiUrl()), null, "latency", "downstream", 1.0,
                            java.util.Map.of("latency", 10L), List.of(), null),
                    new Planner.Target("proxy:db", "db", null, null, "db"));
            assertThat(toxiproxy.proxies().listToxics("db")).hasSize(1);
            try (ChaosEngine restarted = ChaosEngine.builder(crashed).open()) {
                assertThat(restarted.recovered()).hasSize(1);
            }
            assertThat(toxiproxy.proxies().listToxics("db")).isEmpty();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
