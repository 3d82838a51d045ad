package io.multisystem.chaos.cli;

import io.multisystem.chaos.experiment.ActiveFault;
import io.multisystem.chaos.experiment.ChaosEngine;
import io.multisystem.chaos.experiment.ProcessTable;
import io.multisystem.chaos.toxiproxy.ToxiproxyServer;
import io.multisystem.core.testing.CliHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ExperimentCliTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private CliHarness.Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir=" + dir.resolve("data"));
        return CliHarness.run(ChaosEngineCli::commandLine, all.toArray(String[]::new));
    }

    private static CliHarness.Result proxy(String... args) {
        return CliHarness.run(ChaosEngineCli::commandLine, args);
    }

    static final String PASSING = """
            title: echo keeps working
            steady-state-hypothesis:
              probes: [{type: probe, name: echo, provider: {type: command, command: [echo, ok]}, tolerance: {type: regex, pattern: ok}}]
            method:
              - {type: action, name: say, provider: {type: command, command: [echo, hello]}}
            """;

    @Test
    void validatePrintsASummaryAndExitsZero() throws Exception {
        CliHarness.Result r = cli("validate", write("ok.yaml", PASSING).toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("valid: echo keeps working", "1 activities");
    }

    @Test
    void validateRejectsABadFileWithExit2AndTheJsonPointer() throws Exception {
        CliHarness.Result r = cli("validate", write("bad.yaml", PASSING.replace("type: regex", "type: regexp"))
                .toString(), "--output", "json");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("INVALID_EXPERIMENT", "/steady-state-hypothesis/probes/0/tolerance/type");
    }

    @Test
    void runWithAnUnreachableKernelAgentIsRefusedSayingSo() throws Exception {
        Process child = new ProcessBuilder("sleep", "300").start();
        try {
            String experiment = """
                    title: throttle
                    method:
                      - {type: action, name: t, provider: {type: cgroup, resource: cpu, limit: "0.5", selector: {pid: %d}}}
                    """.formatted(child.pid());
            int closed = io.multisystem.core.testing.FreePorts.next();
            CliHarness.Result r = cli("run", write("cg.yaml", experiment).toString(), "--kernel-agent",
                    "127.0.0.1:" + closed, "--output", "json");

            assertThat(r.exitCode()).isNotZero().isNotEqualTo(2);
            assertThat(r.err()).contains("FAILED_PRECONDITION", "KERNEL_AGENT_UNAVAILABLE", "127.0.0.1:" + closed);

            CliHarness.Result bad = cli("run", write("cg2.yaml", experiment).toString(), "--kernel-agent", "nope");
            assertThat(bad.exitCode()).isEqualTo(2);
            assertThat(bad.err()).contains("--kernel-agent must be HOST:PORT");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aMissingFileIsBadInput() {
        CliHarness.Result r = cli("validate", dir.resolve("nope.yaml").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("cannot read the experiment file");
    }

    @Test
    void runPrintsLiveProgressAndTheJournalAndExitsZeroWhenTheHypothesisHolds() throws Exception {
        CliHarness.Result r = cli("run", write("ok.yaml", PASSING).toString(), "--output", "json");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("started", "steady state before: met", "finished");
        JsonNode journal = JSON.readTree(r.out());
        assertThat(journal.get("status").asString()).isEqualTo("completed");

        CliHarness.Result shown = cli("journal", journal.get("run_id").asString());
        assertThat(shown.exitCode()).isZero();
        assertThat(shown.out()).contains("status: completed", "steady state after: met");
    }

    @Test
    void runExitsOneWhenTheHypothesisIsViolated() throws Exception {
        CliHarness.Result r = cli("run", write("bad.yaml", """
                title: false never passes
                steady-state-hypothesis:
                  probes: [{type: probe, name: f, provider: {type: command, command: ["false"]}, tolerance: 0}]
                method:
                  - {type: action, name: say, provider: {type: command, command: [echo, hello]}}
                """).toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("status: failed", "steady state before: NOT met");
    }

    @Test
    void planExitsOneWhenTheBlastRadiusWouldBeExceeded() throws Exception {
        Process a = new ProcessBuilder("sleep", "301.4242").start();
        Process b = new ProcessBuilder("sleep", "301.4242").start();
        try {
            CliHarness.Result r = cli("plan", write("wide.yaml", """
                    title: wide
                    safety: {max-affected-targets: 1}
                    method:
                      - {type: action, name: p, provider: {type: process-signal, signal: pause, selector: {pattern: "sleep 301\\\\.4242", mode: all}}}
                    """).toString(), "--output", "json");

            assertThat(r.exitCode()).isEqualTo(1);
            JsonNode plan = JSON.readTree(r.out());
            assertThat(plan.get("within_budget").asBoolean()).isFalse();
            assertThat(plan.get("faults")).hasSize(2);
            assertThat(ProcessTable.isStopped(a.pid())).isFalse();
        } finally {
            a.destroyForcibly();
            b.destroyForcibly();
        }
    }

    @Test
    void abortWithoutServerIsBadUsage() {
        CliHarness.Result r = CliHarness.run(ChaosEngineCli::commandLine, "abort", "some-id");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--server");
    }

    @Test
    void proxyVerbsDriveAToxiproxyApi() {
        try (ToxiproxyServer server = ToxiproxyServer.builder().apiHost("127.0.0.1").apiPort(0).start()) {
            String api = "--api=" + server.apiUrl();

            assertThat(proxy("proxy", "add", "db", "-u", "127.0.0.1:9", api).exitCode()).isZero();
            CliHarness.Result toxic = proxy("proxy", "toxic", "add", "db", "-t", "latency", "-a", "latency=150", api);
            assertThat(toxic.exitCode()).isZero();
            assertThat(toxic.out()).contains("latency_downstream");
            assertThat(server.proxies().listToxics("db")).singleElement()
                    .satisfies(t -> assertThat(t.attributes().asMap()).containsEntry("latency", 150L));
            assertThat(proxy("proxy", "ls", api).out()).contains("db", "latency_downstream");
            CliHarness.Result duplicate = proxy("proxy", "add", "db", "-u", "127.0.0.1:9", api);
            assertThat(duplicate.exitCode()).isEqualTo(2);
            assertThat(duplicate.err()).contains("already exists");
            CliHarness.Result badType = proxy("proxy", "toxic", "add", "db", "-t", "lateny", api);
            assertThat(badType.exitCode()).isEqualTo(2);
            assertThat(proxy("proxy", "toxic", "rm", "db", "latency_downstream", api).exitCode()).isZero();
            assertThat(proxy("proxy", "reset", api).exitCode()).isZero();
            assertThat(proxy("proxy", "rm", "db", api).exitCode()).isZero();
            assertThat(server.proxies().listProxies()).isEmpty();
            assertThat(proxy("proxy", "rm", "db", api).exitCode()).isEqualTo(2);
        }
    }

    @Test
    void proxyApiUnreachableIsExit3() {
        CliHarness.Result r = proxy("proxy", "ls", "--api=http://127.0.0.1:1");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("cannot reach the Toxiproxy API");
    }

    @Test
    void killingTheEngineJvmMidExperimentLeavesNoFaultAfterRestart() throws Exception {
        Process victim = new ProcessBuilder("sleep", "302.5151").start();
        Path data = dir.resolve("crash-data");
        Path experiment = write("crash.yaml", """
                title: pause then hang
                method:
                  - {type: action, name: pause, provider: {type: process-signal, signal: pause, selector: {pid: %d}}, pauses: {after: 120s}}
                """.formatted(victim.pid()));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process engine = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ChaosEngineCli.class.getName(), "run", experiment.toString(), "--data-dir=" + data)
                .redirectErrorStream(true).redirectOutput(dir.resolve("engine.log").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> ProcessTable.isStopped(victim.pid()));
            engine.destroyForcibly().waitFor();
            assertThat(ProcessTable.isStopped(victim.pid())).as("the fault outlives the killed engine").isTrue();

            try (ChaosEngine restarted = ChaosEngine.builder(data).open()) {
                assertThat(restarted.recovered()).extracting(ActiveFault::kind).containsExactly("process-pause");
                assertThat(restarted.activeFaults()).isEmpty();
            }
            assertThat(ProcessTable.isStopped(victim.pid())).isFalse();
        } finally {
            engine.destroyForcibly();
            new ProcessBuilder("kill", "-CONT", String.valueOf(victim.pid())).start().waitFor();
            victim.destroyForcibly();
        }
    }
}
