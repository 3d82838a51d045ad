package io.multisystem.chaos.experiment;

import io.multisystem.core.error.FieldViolation;
import io.multisystem.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ExperimentParserTest {
    private final ExperimentParser parser = new ExperimentParser(Map.of("API_HOST", "127.0.0.1")::get);

    static final String YAML = """
            title: API survives a slow database
            description: adds latency to the db proxy
            configuration:
              host: {type: env, key: API_HOST}
              port: 8080
            steady-state-hypothesis:
              title: API answers
              frequency: 500ms
              probes:
                - type: probe
                  name: health
                  provider: {type: http, url: "http://${host}:${port}/health", timeout: 2s}
                  tolerance: 200
                - type: probe
                  name: latency
                  provider: {type: prometheus, url: "http://${host}:${port}/metrics", metric: http_latency_seconds, mode: value}
                  tolerance: {type: baseline, band: 0.5}
            method:
              - type: action
                name: slow-db
                provider:
                  type: toxic
                  proxy: db
                  toxic: {type: latency, attributes: {latency: 200, jitter: 10}}
                pauses: {after: 5}
            rollbacks:
              - type: action
                name: note
                provider: {type: command, command: [echo, done]}
            safety: {max-concurrent-faults: 3, max-affected-targets: 2}
            rollout: {stages: [{count: 1}, {percent: 50}]}
            """;

    @Test
    void readsAChaosToolkitStyleYamlExperimentWithConfigurationSubstituted() {
        Experiment e = parser.parse(YAML);

        assertThat(e.title()).isEqualTo("API survives a slow database");
        assertThat(e.hypothesis().frequency()).isEqualTo(Duration.ofMillis(500));
        Provider.Http http = (Provider.Http) e.hypothesis().probes().get(0).provider();
        assertThat(http.url().toString()).isEqualTo("http://127.0.0.1:8080/health");
        assertThat(e.hypothesis().probes().get(1).tolerance()).isInstanceOf(Tolerance.Baseline.class);
        Provider.Toxic toxic = (Provider.Toxic) e.method().get(0).provider();
        assertThat(toxic.toxicType()).isEqualTo("latency");
        assertThat(toxic.stream()).isEqualTo("downstream");
        assertThat(toxic.attributes()).containsEntry("latency", 200L).containsEntry("jitter", 10L);
        assertThat(e.method().get(0).pauseAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(e.safety()).isEqualTo(new Experiment.Safety(3, 2));
        assertThat(e.rollout()).extracting(Experiment.RolloutStage::describe).containsExactly("1 target(s)", "50.0%", "100.0%");
    }

    @Test
    void readsTheSameExperimentFromJson() {
        Experiment e = parser.parse("""
                {"title": "t", "method": [{"type": "action", "name": "pause",
                  "provider": {"type": "process-signal", "signal": "pause", "selector": {"name": "worker", "mode": "fixed-percent", "value": 50}}}]}
                """);

        Provider.Signal s = (Provider.Signal) e.method().get(0).provider();
        assertThat(s.signal()).isEqualTo(Provider.ProcessSignal.PAUSE);
        assertThat(s.selector().mode()).isEqualTo(Selector.Mode.FIXED_PERCENT);
        assertThat(e.hypothesis()).isNull();
    }

    @Test
    void unknownToxicTypeIsRejectedWithAJsonPointerToIt() {
        InvalidInputException error = reject("""
                title: t
                method:
                  - type: action
                    name: a
                    provider: {type: toxic, proxy: db, toxic: {type: latencyy}}
                """);

        assertThat(error.code()).isEqualTo(ChaosErrors.INVALID_EXPERIMENT);
        assertThat(error.violations()).extracting(FieldViolation::field).containsExactly("/method/0/provider/toxic/type");
        assertThat(error.getMessage()).contains("/method/0/provider/toxic/type");
    }

    @Test
    void everyProblemIsReportedWithItsOwnPointer() {
        InvalidInputException error = reject("""
                method:
                  - type: action
                    name: a
                    provider: {type: toxic, proxy: db, toxic: {type: latency, attributes: {rate: 5}}}
                  - type: probe
                    name: p
                    provider: {type: http, url: "ftp://x"}
                    tolerance: {type: range, range: [5, 1]}
                  - type: action
                    name: s
                    provider: {type: process-signal, signal: pause, selector: {mode: all}}
                  - type: probe
                    name: q
                    provider: {type: tcp, host: h, port: 70000}
                steady-state-hypothesis:
                  probes:
                    - {type: probe, name: h, provider: {type: http, url: "http://${missing}/"}}
                """);

        assertThat(error.violations()).extracting(FieldViolation::field).contains(
                "/title",
                "/method/0/provider/toxic/attributes/rate",
                "/method/1/provider/url",
                "/method/1/tolerance/range",
                "/method/2/provider/selector",
                "/method/3/provider/port",
                "/steady-state-hypothesis/probes/0/provider/url",
                "/steady-state-hypothesis/probes/0/tolerance");
    }

    @Test
    void probesMayNotInjectFaultsAndRollbacksMayNotEither() {
        InvalidInputException error = reject("""
                title: t
                method:
                  - {type: probe, name: p, provider: {type: toxic, proxy: db, toxic: {type: noop}}}
                rollbacks:
                  - {type: action, name: r, provider: {type: process-signal, signal: kill, selector: {name: x}}}
                """);

        assertThat(error.violations()).extracting(FieldViolation::field)
                .contains("/method/0/provider/type", "/rollbacks/0/provider");
    }

    @Test
    void invalidJsonPathTolerancesAreRejectedWithAPointerAndTheReason() {
        InvalidInputException error = reject("""
                title: t
                method:
                  - type: probe
                    name: p
                    provider: {type: http, url: "http://127.0.0.1:1/"}
                    tolerance: {type: jsonpath, path: "$.items[?(@.x >)]"}
                  - type: probe
                    name: q
                    provider: {type: http, url: "http://127.0.0.1:1/"}
                    tolerance: {type: jsonpath, path: "status", count: -1}
                """);

        assertThat(error.code()).isEqualTo(ChaosErrors.INVALID_EXPERIMENT);
        assertThat(error.violations()).extracting(FieldViolation::field)
                .containsExactlyInAnyOrder("/method/0/tolerance/path", "/method/1/tolerance/path",
                        "/method/1/tolerance/count");
        assertThat(error.getMessage()).contains("is not a valid JSONPath").contains("must start at the document root");
    }

    @Test
    void jsonPathToleranceWithFilterAndCountIsRead() {
        Experiment e = parser.parse("""
                title: t
                method:
                  - type: probe
                    name: p
                    provider: {type: http, url: "http://127.0.0.1:1/"}
                    tolerance: {type: jsonpath, path: "$.checks[?(@.state != 'ok')]", count: 0}
                """);

        Tolerance.JsonPath t = (Tolerance.JsonPath) e.method().get(0).tolerance();
        assertThat(t.count()).isZero();
        assertThat(t.path()).isEqualTo("$.checks[?(@.state != 'ok')]");
    }

    @Test
    void malformedYamlNamesTheLine() {
        InvalidInputException error = reject("title: t\nmethod: [\n  - oops: : :\n");

        assertThat(error.getMessage()).contains("line");
    }

    @Test
    void emptyDocumentIsRejected() {
        assertThat(reject("   ").violations()).extracting(FieldViolation::field).containsExactly("/");
    }

    @Test
    void shrinkingRolloutStagesAreRejected() {
        InvalidInputException error = reject("""
                title: t
                method: [{type: action, name: c, provider: {type: command, command: [true]}}]
                rollout: [{percent: 50}, {percent: 10}]
                """);

        assertThat(error.violations()).extracting(FieldViolation::field).containsExactly("/rollout/1/percent");
    }

    private InvalidInputException reject(String text) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> parser.parse(text));
        assertThat(e).as("expected a rejection").isNotNull();
        return e;
    }
}
