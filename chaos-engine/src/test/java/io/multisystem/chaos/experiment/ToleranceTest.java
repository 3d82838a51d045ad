package io.multisystem.chaos.experiment;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    private static JsonNode http(String body) {
        return JSON.createObjectNode().put("status", 200).put("body", body);
    }

    private static Tolerance.JsonPath jsonPath(String path, String expect) {
        return new Tolerance.JsonPath(path, expect == null ? null : json(expect), null, null);
    }

    @Test
    void jsonPathSelectsIntoTheBody() {
        String body = "{\"checks\":[{\"state\":\"bad\"},{\"state\":\"ok\"}]}";

        assertThat(jsonPath("$.checks[1].state", "\"ok\"").accepts(http(body), null)).isTrue();
        assertThat(jsonPath("$.checks[0].state", "\"ok\"").accepts(http(body), null)).isFalse();
        assertThat(jsonPath("$.checks[-1].state", "\"ok\"").accepts(http(body), null)).isTrue();
        assertThat(jsonPath("$['checks'][0]['state']", "\"bad\"").accepts(http(body), null)).isTrue();
        assertThat(jsonPath("$.checks[5].state", null).accepts(http(body), null)).as("no match").isFalse();
        assertThat(jsonPath("$.checks", null).accepts(http("not json {"), null)).as("not JSON").isFalse();
    }

    @Test
    void jsonPathWildcardsAndDeepScanRequireEveryMatchToEqualTheExpectedValue() {
        String allOk = "{\"db\":{\"state\":\"ok\"},\"cache\":{\"state\":\"ok\",\"nested\":{\"state\":\"ok\"}}}";
        String oneBad = "{\"db\":{\"state\":\"ok\"},\"cache\":{\"state\":\"down\"}}";

        assertThat(jsonPath("$..state", "\"ok\"").accepts(http(allOk), null)).isTrue();
        assertThat(jsonPath("$..state", "\"ok\"").accepts(http(oneBad), null)).isFalse();
        assertThat(jsonPath("$.*.state", "\"ok\"").accepts(http(oneBad), null)).isFalse();
        assertThat(jsonPath("$.*.state", "[\"ok\", \"down\"]").accepts(http(oneBad), null))
                .as("a list expect is the list of matches, in order").isTrue();
        assertThat(jsonPath("$.*.state", "[\"down\", \"ok\"]").accepts(http(oneBad), null)).isFalse();
    }

    @Test
    void jsonPathFiltersSlicesAndCounts() {
        String body = "{\"items\":[{\"name\":\"a\",\"latency\":12,\"ok\":true},"
                + "{\"name\":\"b\",\"latency\":250.5,\"ok\":false},{\"name\":\"c\",\"latency\":40,\"ok\":true}]}";

        assertThat(jsonPath("$.items[?(@.latency > 100)].name", "\"b\"").accepts(http(body), null)).isTrue();
        assertThat(jsonPath("$.items[?(@.ok == true && @.latency < 50)].name", "[\"a\", \"c\"]")
                .accepts(http(body), null)).isTrue();
        assertThat(jsonPath("$.items[?(@.name =~ /[ab]/)].latency", "[12, 250.5]").accepts(http(body), null)).isTrue();
        assertThat(jsonPath("$.items[0:2].name", "[\"a\", \"b\"]").accepts(http(body), null)).isTrue();
        assertThat(jsonPath("$.items.length()", "3").accepts(http(body), null)).isTrue();
        assertThat(jsonPath("$.items[0].latency", "12.0").accepts(http(body), null)).as("numbers by value").isTrue();

        Tolerance noSlowItem = new Tolerance.JsonPath("$.items[?(@.latency > 1000)]", null, 0, null);
        Tolerance twoHealthy = new Tolerance.JsonPath("$.items[?(@.ok == true)]", null, 2, null);
        assertThat(noSlowItem.accepts(http(body), null)).isTrue();
        assertThat(twoHealthy.accepts(http(body), null)).isTrue();
        assertThat(new Tolerance.JsonPath("$.items[?(@.name)]", null, 2, null).accepts(http(body), null)).isFalse();
        assertThat(noSlowItem.describe()).isEqualTo("json $.items[?(@.latency > 1000)] matches 0 value(s)");
    }

    @Test
    void jsonPathLooksAtATargetMemberOrAJsonOutput() {
        JsonNode command = JSON.createObjectNode().put("exit_code", 0).put("stdout", "")
                .put("stderr", "{\"error\":{\"code\":7}}");

        assertThat(new Tolerance.JsonPath("$.error.code", json("7"), null, "stderr").accepts(command, null)).isTrue();
        assertThat(jsonPath("$[1]", "\"y\"").accepts(json("[\"x\", \"y\"]"), null)).isTrue();
    }

    @Test
    void invalidJsonPathsAreRejectedSayingWhy() {
        assertThat(Tolerance.JsonPath.isValidPath("$.a[0]['b c']")).isTrue();
        assertThat(Tolerance.JsonPath.isValidPath("$..x[?(@.y > 1)]")).isTrue();
        for (String bad : new String[] {"a.b", "", "$.a[", "$.a]", "$.a[?(@.b >)]", "$.a.", "$[?(@.x == 'y']", "$['a"}) {
            assertThat(Tolerance.JsonPath.isValidPath(bad)).as(bad).isFalse();
            assertThatThrownBy(() -> new Tolerance.JsonPath(bad, null, null, null)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new Tolerance.JsonPath("a.b", null, null, null))
                .hasMessageContaining("must start at the document root '$'");
        assertThatThrownBy(() -> new Tolerance.JsonPath("$.a[", null, null, null))
                .hasMessageContaining("is not a valid JSONPath");
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
