package io.multisystem.ledger.cli;

import io.multisystem.core.testing.CliHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code scenario test} end to end: events and log lines replayed through hub-shaped scenario files. */
class ScenarioCliTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    static String scenario(String name) throws URISyntaxException {
        return Path.of(ScenarioCliTest.class.getResource("/scenarios/" + name).toURI()).toString();
    }

    @Test
    void eventsReplayedThroughAScenarioShowTheOverflowedBucketAndTheDecision() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            lines.add("{\"id\":\"e" + i + "\",\"domain\":\"bastion\",\"source\":\"203.0.113.5\",\"kind\":\"ssh_failed-auth\","
                    + "\"labels\":{\"user\":\"root\"},\"time\":\"2026-01-01T00:00:0" + i + "Z\"}");
        }
        lines.add("{\"id\":\"x\",\"domain\":\"bastion\",\"source\":\"198.51.100.1\",\"kind\":\"ssh_failed-auth\","
                + "\"time\":\"2026-01-01T00:00:09Z\"}");
        Path events = dir.resolve("events.jsonl");
        Files.write(events, lines);

        CliHarness.Result r = CliHarness.run(AutoblockerLedgerCli::commandLine, "scenario", "test", "--scenario",
                scenario("ssh-bf.yaml"), "--events", events.toString(), "--output", "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = JSON.readTree(r.out());
        assertThat(json.path("events").asInt()).isEqualTo(9);
        assertThat(json.path("overflows")).hasSize(1);
        JsonNode o = json.path("overflows").get(0);
        assertThat(o.path("scenario").asString()).isEqualTo("test/ssh-bf");
        assertThat(o.path("key").asString()).isEqualTo("203.0.113.5");
        assertThat(o.path("count").asInt()).isEqualTo(6);
        assertThat(o.path("time").asString()).isEqualTo("2026-01-01T00:00:05Z");
        assertThat(o.path("evidence")).hasSize(6);
        assertThat(json.path("decisions").get(0).path("value").asString()).isEqualTo("203.0.113.5");
        assertThat(json.path("decisions").get(0).path("origin").asString()).isEqualTo("bastion");

        CliHarness.Result text = CliHarness.run(AutoblockerLedgerCli::commandLine, "scenario", "test", "--scenario",
                scenario("ssh-bf.yaml"), "--events", events.toString());
        assertThat(text.out()).contains("test/ssh-bf (leaky)  key=203.0.113.5  events=6  Ip:203.0.113.5  -> ban")
                .contains("9 events, 1 overflows, 1 decisions from 2 scenarios");
    }

    @Test
    void logLinesReadThroughAFail2banFilterFeedTheScenario() throws IOException, URISyntaxException {
        Path filter = dir.resolve("sshd-test.conf");
        Files.writeString(filter, """
                [Definition]
                failregex = sshd\\[\\d+\\]: Failed password for <F-USER>\\S+</F-USER> from <HOST>
                """);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            lines.add("2026-01-01T00:00:0" + i + "Z bastion sshd[42]: Failed password for root from 192.0.2.44 port 22 ssh2");
        }
        Path log = dir.resolve("auth.log");
        Files.write(log, lines);

        CliHarness.Result r = CliHarness.run(AutoblockerLedgerCli::commandLine, "scenario", "test", "--scenario",
                scenario("ssh-bf.yaml"), "--log", log.toString(), "--filter", filter.toString(), "--kind",
                "ssh_failed-auth", "--output", "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = JSON.readTree(r.out());
        assertThat(json.path("events").asInt()).isEqualTo(7);
        assertThat(json.path("overflows")).hasSize(1);
        assertThat(json.path("overflows").get(0).path("value").asString()).isEqualTo("192.0.2.44");
    }

    @Test
    void aBrokenScenarioOrEventExitsWith2NamingFileLineAndField() throws IOException, URISyntaxException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "type: leaky\nname: x\nfilter: \"evt.Meta.a ==\"\ncapacity: 1\nleakspeed: 1s\n");
        Path events = dir.resolve("e.jsonl");
        Files.writeString(events, "{\"source\":\"not-an-ip\",\"kind\":\"k\",\"time\":\"2026-01-01T00:00:00Z\"}\n");

        CliHarness.Result r = CliHarness.run(AutoblockerLedgerCli::commandLine, "scenario", "test", "--scenario",
                bad.toString(), "--events", events.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("bad.yaml:3").contains("filter");

        CliHarness.Result ev = CliHarness.run(AutoblockerLedgerCli::commandLine, "scenario", "test", "--scenario",
                scenario("ssh-bf.yaml"), "--events", events.toString());
        assertThat(ev.exitCode()).isEqualTo(2);
        assertThat(ev.err()).contains("e.jsonl:1").contains("not-an-ip");

        CliHarness.Result none = CliHarness.run(AutoblockerLedgerCli::commandLine, "scenario", "test", "--scenario",
                scenario("ssh-bf.yaml"));
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("--events");
    }
}
