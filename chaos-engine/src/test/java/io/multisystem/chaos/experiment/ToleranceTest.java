package io.multisystem.chaos.experiment;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ToleranceTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode json(String s) {
        return JSON.readTree(s);
    }

    @Test
    void exactNumberChecksTheHttpStatus() {
        Tolerance t = new Tolerance.Exact(json("200"));

        assertThat(t.accepts(json("{\"status\":200,\"body\":\"x\"}"), null)).isTrue();
        assertThat(t.accepts(json("{\"status\":503,\"body\":\"x\"}"), null)).isFalse();
    }

    @Test
    void exactNumberChecksTheCommandExitCode() {
        Tolerance t = new Tolerance.Exact(json("0"));

        assertThat(t.accepts(json("{\"exit_code\":0,\"stdout\":\"\"}"), null)).isTrue();
        assertThat(t.accepts(json("{\"exit_code\":1,\"stdout\":\"\"}"), null)).isFalse();
    }

    @Test
    void rangeIsInclusive() {
        Tolerance t = new Tolerance.Range(1, 5, null);

        assertThat(t.accepts(json("1"), null)).isTrue();
        assertThat(t.accepts(json("5"), null)).isTrue();
        assertThat(t.accepts(json("5.01"), null)).isFalse();
    }

    @Test
    void regexLooksAtTheBody() {
        Tolerance t = new Tolerance.Regex(Pattern.compile("\"status\":\\s*\"UP\""), null);

        assertThat(t.accepts(json("{\"status\":200,\"body\":\"{\\\"status\\\": \\\"UP\\\"}\"}"), null)).isTrue();
        assertThat(t.accepts(json("{\"status\":200,\"body\":\"{\\\"status\\\": \\\"DOWN\\\"}\"}"), null)).isFalse();
    }

    @Test
    void jsonPathSelectsIntoTheBody() {
        Tolerance t = new Tolerance.JsonPath("$.checks[1].state", json("\"ok\""), null);
        String body = "{\"checks\":[{\"state\":\"bad\"},{\"state\":\"ok\"}]}";

        assertThat(t.accepts(JSON.createObjectNode().put("status", 200).put("body", body), null)).isTrue();
        assertThat(new Tolerance.JsonPath("$.checks[0].state", json("\"ok\""), null)
                .accepts(JSON.createObjectNode().put("status", 200).put("body", body), null)).isFalse();
        assertThat(Tolerance.JsonPath.isValidPath("$.a[0]['b c']")).isTrue();
        assertThat(Tolerance.JsonPath.isValidPath("a.b")).isFalse();
    }

    @Test
    void baselineBandIsRelativeToTheValueBeforeTheMethod() {
        Tolerance t = new Tolerance.Baseline(0.2, 0, null);

        assertThat(t.accepts(json("110"), json("100"))).isTrue();
        assertThat(t.accepts(json("80"), json("100"))).isTrue();
        assertThat(t.accepts(json("121"), json("100"))).isFalse();
    }

    @Test
    void prometheusTextSumsMatchingSamplesWithEscapedLabels() {
        String text = """
                # HELP http_requests_total requests
                # TYPE http_requests_total counter
                http_requests_total{code="200",path="/a\\"b"} 10
                http_requests_total{code="500",path="/"} 3 1700000000
                http_requests_total_created 1.7e9
                other 1
                """;

        assertThat(PrometheusText.sum(text, "http_requests_total", Map.of()).getAsDouble()).isEqualTo(13);
        assertThat(PrometheusText.sum(text, "http_requests_total", Map.of("code", "500")).getAsDouble()).isEqualTo(3);
        assertThat(PrometheusText.sum(text, "http_requests_total", Map.of("path", "/a\"b")).getAsDouble()).isEqualTo(10);
        assertThat(PrometheusText.sum(text, "missing", Map.of())).isEmpty();
    }
}
