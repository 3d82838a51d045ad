package io.multisystem.ledger.scenario;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.ledger.detect.Event;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CrowdSec scenario files: loading, errors, and the semantics of each bucket type, on event time. */
class ScenarioTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static Path resource(String name) {
        try {
            return Path.of(ScenarioTest.class.getResource("/scenarios/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Event ssh(int i, String ip, long seconds) {
        return new Event("s" + i, "bastion", ip, "ssh_failed-auth", Map.of("user", "root"), T0.plusSeconds(seconds));
    }

    static Event http(int i, String ip, long seconds, String path, String status) {
        return new Event("h" + i, "web", ip, "http_access-log", Map.of("service", "http", "http_path", path,
                "http_status", status, "static_ressource", "false", "target_fqdn", "example.org"), T0.plusSeconds(seconds));
    }

    static List<ScenarioRunner.Overflow> run(ScenarioRunner r, List<Event> events) {
        List<ScenarioRunner.Overflow> out = new ArrayList<>();
        events.forEach(e -> out.addAll(r.pour(e)));
        return out;
    }

    @Test
    void hubShapedFilesLoadWithEveryFieldAndSeveralDocumentsPerFile() {
        List<Scenario> s = ScenarioLoader.load(resource("ssh-bf.yaml"));
        assertThat(s).extracting(Scenario::name).containsExactly("test/ssh-bf", "test/ssh-slow-bf");
        Scenario bf = s.get(0);
        assertThat(bf.type()).isEqualTo(Scenario.BucketType.LEAKY);
        assertThat(bf.capacity()).isEqualTo(5);
        assertThat(bf.leakSpeed()).hasSeconds(10);
        assertThat(bf.blackhole()).hasMinutes(1);
        assertThat(bf.remediation()).isTrue();
        assertThat(bf.labels().get("classification")).isEqualTo(List.of("attack.T1110"));
        assertThat(bf.line()).isEqualTo(2);
        assertThat(s.get(1).line()).isEqualTo(24);
        Path dir = resource("ssh-bf.yaml").getParent();
        assertThat(ScenarioLoader.load(dir)).extracting(Scenario::name).contains("test/http-probing",
                "test/http-env-leak", "test/ssh-failures-per-5m", "test/admin-after-404s");
    }

    @Test
    void leakyBucketOverflowsOnTheEventAfterCapacityAndOnlyForTheGroupThatFilledIt() {
        ScenarioRunner r = new ScenarioRunner(ScenarioLoader.load(resource("ssh-bf.yaml")).subList(0, 1));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(ssh(i, "203.0.113.5", i));
            events.add(ssh(100 + i, "198.51.100.9", i * 20L));  // leaks faster than it fills
        }
        assertThat(run(r, events)).isEmpty();
        List<ScenarioRunner.Overflow> o = r.pour(ssh(5, "203.0.113.5", 5));
        assertThat(o).hasSize(1);
        assertThat(o.get(0).key()).isEqualTo("203.0.113.5");
        assertThat(o.get(0).scopeValue()).isEqualTo("203.0.113.5");
        assertThat(o.get(0).count()).isEqualTo(6);
        assertThat(o.get(0).evidence()).hasSize(6).doesNotHaveDuplicates();
        assertThat(o.get(0).time()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void leakyBucketDrainsOverTimeSoSlowFailuresNeverOverflow() {
        ScenarioRunner r = new ScenarioRunner(ScenarioLoader.load(resource("ssh-bf.yaml")).subList(0, 1));
        List<Event> slow = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            slow.add(ssh(i, "203.0.113.5", i * 11L));  // one every 11 s, leakspeed 10 s
        }
        assertThat(run(r, slow)).isEmpty();
    }

    @Test
    void blackholeSilencesTheKeyAfterAnOverflowThenTheBucketStartsEmpty() {
        ScenarioRunner r = new ScenarioRunner(ScenarioLoader.load(resource("ssh-bf.yaml")).subList(0, 1));
        List<Event> burst = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            burst.add(ssh(i, "203.0.113.5", i));   // 20 events in 20 s: overflow at #6, then blackholed for 60 s
        }
        assertThat(run(r, burst)).hasSize(1);
        List<Event> later = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            later.add(ssh(50 + i, "203.0.113.5", 70 + i));
        }
        assertThat(run(r, later)).hasSize(1);
    }

    @Test
    void distinctCountsOnlyNewValuesOfTheExpression() {
        ScenarioRunner r = new ScenarioRunner(ScenarioLoader.load(resource("http-probing.yaml")));
        List<Event> same = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            same.add(http(i, "192.0.2.7", i, "/wp-login.php", "404"));
        }
        assertThat(run(r, same)).as("the same path ten times is one distinct value").isEmpty();
        List<ScenarioRunner.Overflow> o = run(r, List.of(http(20, "192.0.2.7", 10, "/a", "404"),
                http(21, "192.0.2.7", 10, "/b", "403"), http(22, "192.0.2.7", 11, "/c", "400"),
                http(23, "192.0.2.7", 11, "/b", "404"), http(24, "192.0.2.7", 12, "/d", "404")));
        assertThat(o).hasSize(1);
        assertThat(o.get(0).key()).isEqualTo("192.0.2.7/example.org");
        assertThat(o.get(0).scopeValue()).isEqualTo("192.0.2.7");
        assertThat(run(r, List.of(http(30, "192.0.2.8", 1, "/x", "200"), http(31, "192.0.2.8", 1, "/y", "200"),
                http(32, "192.0.2.8", 1, "/z", "200"), http(33, "192.0.2.8", 1, "/w", "200")))).as("status 200 is filtered out")
                .isEmpty();
    }

    @Test
    void triggerOverflowsOnEveryMatchingEventOutsideItsBlackhole() {
        ScenarioRunner r = new ScenarioRunner(ScenarioLoader.load(resource("http-cve-probe.yaml")));
        assertThat(r.pour(http(1, "192.0.2.1", 0, "/index.html", "200"))).isEmpty();
        assertThat(r.pour(http(2, "192.0.2.1", 1, "/app/.ENV", "404"))).hasSize(1);
        assertThat(r.pour(http(3, "192.0.2.1", 30, "/.git/config", "404"))).as("blackholed for 2m").isEmpty();
        assertThat(r.pour(http(4, "192.0.2.1", 200, "/repo/.git/HEAD", "404"))).hasSize(1);
        assertThat(r.pour(http(5, "192.0.2.2", 31, "/.git/config", "404"))).hasSize(1);
    }

    @Test
    void counterOverflowsOnceWhenItsWindowEndsWithTheCount() {
        ScenarioRunner r = new ScenarioRunner(ScenarioLoader.load(resource("counters.yaml")).subList(0, 1));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            events.add(ssh(i, "203.0.113.5", i * 10L));
        }
        assertThat(run(r, events)).isEmpty();
        List<ScenarioRunner.Overflow> o = r.pour(ssh(99, "203.0.113.5", 301));
        assertThat(o).hasSize(1);
        assertThat(o.get(0).count()).isEqualTo(7);
        assertThat(o.get(0).time()).isEqualTo(T0.plusSeconds(300));
        assertThat(o.get(0).remediation()).isFalse();
        assertThat(r.flush(null)).singleElement().satisfies(x -> assertThat(x.count()).isEqualTo(1));
    }

    @Test
    void conditionalOverflowsWhenItsConditionOverTheQueueHolds() {
        ScenarioRunner r = new ScenarioRunner(ScenarioLoader.load(resource("counters.yaml")).subList(1, 2));
        assertThat(run(r, List.of(http(1, "192.0.2.50", 0, "/a", "404"), http(2, "192.0.2.50", 1, "/admin", "200"))))
                .as("only two events").isEmpty();
        List<ScenarioRunner.Overflow> o = r.pour(http(3, "192.0.2.50", 2, "/b", "404"));
        assertThat(o).hasSize(1);
        assertThat(o.get(0).scopeType()).isEqualTo("Range");
        assertThat(o.get(0).scopeValue()).isEqualTo("192.0.2.50/24");
        ScenarioRunner r2 = new ScenarioRunner(ScenarioLoader.load(resource("counters.yaml")).subList(1, 2));
        assertThat(run(r2, List.of(http(1, "192.0.2.50", 0, "/a", "404"), http(2, "192.0.2.50", 1, "/b", "404"),
                http(3, "192.0.2.50", 2, "/c", "404")))).as("never reached /admin").isEmpty();
    }

    @Test
    void replayingTheSameEventsGivesTheSameOverflows() {
        List<Scenario> all = ScenarioLoader.load(resource("ssh-bf.yaml").getParent());
        List<Event> events = new ArrayList<>();
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < 2000; i++) {
            String ip = "198.51.100." + rnd.nextInt(20);
            events.add(rnd.nextBoolean() ? ssh(i, ip, i / 3) : http(i, ip, i / 3, "/p" + rnd.nextInt(6),
                    rnd.nextBoolean() ? "404" : "200"));
        }
        List<ScenarioRunner.Overflow> a = run(new ScenarioRunner(all), events);
        List<ScenarioRunner.Overflow> b = run(new ScenarioRunner(all), events);
        assertThat(a).isNotEmpty();
        assertThat(b).extracting(o -> o.scenario() + o.key() + o.time() + o.evidence())
                .containsExactlyElementsOf(a.stream().map(o -> o.scenario() + o.key() + o.time() + o.evidence()).toList());
    }

    @Test
    void errorsNameFileLineAndField() {
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", """
                type: leaky
                name: x
                filter: "evt.Meta.log_type == 'a'"
                capcity: 5
                leakspeed: 10s
                """)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bad.yaml:4 field 'capcity': unknown field");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", """
                type: leaky
                name: x
                filter: "evt.Meta.log_type == 'a'"
                capacity: 5
                leakspeed: ten seconds
                """)).hasMessageContaining("bad.yaml:5 field 'leakspeed': 'ten seconds' is not a duration");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", """
                type: leaky
                name: x
                filter: "evt.Meta.log_type == = 'a'"
                capacity: 5
                leakspeed: 10s
                """)).hasMessageContaining("bad.yaml:3 field 'filter': expression error: unexpected character '=' at column 22");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", """
                type: bucket
                name: x
                filter: "true"
                """)).hasMessageContaining("bad.yaml:1 field 'type': 'bucket' is not a bucket type");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", """
                type: leaky
                name: x
                filter: "true"
                leakspeed: 10s
                """)).hasMessageContaining("field 'capacity': a leaky bucket needs a capacity");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", """
                type: counter
                name: x
                filter: "true"
                duration: 5m
                capacity: 3
                """)).hasMessageContaining("bad.yaml:5 field 'capacity': a counter bucket needs capacity: -1");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", """
                type: trigger
                name: x
                filter: "nosuch(evt)"
                """)).hasMessageContaining("unknown function 'nosuch'");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", "type: [leaky\n"))
                .hasMessageContaining("bad.yaml:").hasMessageContaining("field 'yaml'");
        assertThatThrownBy(() -> ScenarioLoader.load(Path.of("/nonexistent/x.yaml")))
                .hasMessageContaining("no such scenario file");
    }
}
