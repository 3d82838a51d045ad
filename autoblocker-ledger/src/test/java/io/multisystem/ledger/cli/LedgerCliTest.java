package io.multisystem.ledger.cli;

import io.multisystem.core.testing.CliHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The main verbs end to end, in-process, on a real one-node ledger in a temporary directory. */
class LedgerCliTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    Path filter() throws IOException {
        Path f = dir.resolve("sshd-test.conf");
        Files.writeString(f, """
                [Definition]
                _daemon = sshd
                failregex = %(_daemon)s\\[\\d+\\]: Failed password for <F-USER>\\S+</F-USER> from <HOST>
                ignoreregex =
                """);
        return f;
    }

    Path log() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            lines.add("Nov 22 06:00:0" + i + " bastion sshd[42]: Failed password for root from 203.0.113.5 port 22 ssh2");
        }
        lines.add("Nov 22 06:00:09 bastion sshd[42]: Accepted password for alice from 198.51.100.1 port 22 ssh2");
        lines.add("Nov 22 06:00:10 bastion sshd[43]: Failed password for bob from 2001:db8::7 port 22 ssh2");
        Path l = dir.resolve("auth.log");
        Files.write(l, lines);
        return l;
    }

    @Test
    void filterTestListsEveryMatchingLineWithAddressAndUserAsJson() throws IOException {
        CliHarness.Result r = CliHarness.run(AutoblockerLedgerCli::commandLine, "filter", "test", "--filter",
                filter().toString(), "--log", log().toString(), "--output", "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = JSON.readTree(r.out());
        assertThat(json.path("matched").asInt()).isEqualTo(7);
        assertThat(json.path("lines").asInt()).isEqualTo(8);
        assertThat(json.path("matches").get(6).path("host").asString()).isEqualTo("2001:db8::7");
        assertThat(json.path("matches").get(6).path("user").asString()).isEqualTo("bob");
        assertThat(json.path("matches").get(0).path("line").asInt()).isEqualTo(1);
    }

    @Test
    void ingestBansTheRepeatOffenderAndTheLedgerListsVerifiesProvesAndUnblocks() throws IOException {
        String data = dir.resolve("ledger").toString();
        CliHarness.Result ingest = CliHarness.run(AutoblockerLedgerCli::commandLine, "ingest", "--filter",
                filter().toString(), "--log", log().toString(), "--domain", "bastion", "--data-dir", data,
                "--output", "json");
        assertThat(ingest.exitCode()).as(ingest.err()).isZero();
        JsonNode result = JSON.readTree(ingest.out());
        assertThat(result.path("accepted").asInt()).isEqualTo(7);
        assertThat(result.path("decisions")).hasSize(1);
        assertThat(result.path("decisions").get(0).path("value").asString()).isEqualTo("203.0.113.5");
        String id = result.path("decisions").get(0).path("id").asString();

        CliHarness.Result again = CliHarness.run(AutoblockerLedgerCli::commandLine, "ingest", "--filter",
                filter().toString(), "--log", log().toString(), "--domain", "bastion", "--data-dir", data,
                "--output", "json");
        assertThat(JSON.readTree(again.out()).path("decisions")).isEmpty();

        CliHarness.Result ls = CliHarness.run(AutoblockerLedgerCli::commandLine, "decisions", "ls", "--data-dir", data,
                "--output", "json");
        assertThat(ls.exitCode()).as(ls.err()).isZero();
        assertThat(JSON.readTree(ls.out())).hasSize(1);

        CliHarness.Result verify = CliHarness.run(AutoblockerLedgerCli::commandLine, "ledger", "verify", "--data-dir", data);
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.out()).startsWith("OK ");

        CliHarness.Result prove = CliHarness.run(AutoblockerLedgerCli::commandLine, "ledger", "prove", id, "--data-dir",
                data, "--output", "json");
        assertThat(prove.exitCode()).as(prove.err()).isZero();
        assertThat(JSON.readTree(prove.out()).path("valid").asBoolean()).isTrue();

        CliHarness.Result rm = CliHarness.run(AutoblockerLedgerCli::commandLine, "decisions", "rm", "--scope", "Ip",
                "--value", "203.0.113.5", "--data-dir", data);
        assertThat(rm.exitCode()).as(rm.err()).isZero();
        assertThat(rm.out()).contains(id);
        CliHarness.Result empty = CliHarness.run(AutoblockerLedgerCli::commandLine, "decisions", "ls", "--data-dir",
                data, "--output", "json");
        assertThat(JSON.readTree(empty.out())).isEmpty();
    }

    @Test
    void badInputsExitWith2AndNameTheProblemWithoutChangingTheLedger() throws IOException {
        String data = dir.resolve("ledger").toString();
        CliHarness.Result badCidr = CliHarness.run(AutoblockerLedgerCli::commandLine, "decisions", "add", "--scope",
                "Range", "--value", "10.0.0.0/33", "--data-dir", data);
        assertThat(badCidr.exitCode()).isEqualTo(2);
        assertThat(badCidr.err()).contains("value").contains("10.0.0.0/33");

        CliHarness.Result allow = CliHarness.run(AutoblockerLedgerCli::commandLine, "decisions", "add", "--value",
                "127.0.0.1", "--data-dir", data);
        assertThat(allow.exitCode()).isEqualTo(2);
        assertThat(allow.err()).contains("allowlisted");

        Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, "[Definition]\nfailregex = (unclosed <HOST>\n");
        CliHarness.Result badFilter = CliHarness.run(AutoblockerLedgerCli::commandLine, "filter", "test", "--filter",
                broken.toString(), "--log", log().toString());
        assertThat(badFilter.exitCode()).isEqualTo(2);
        assertThat(badFilter.err()).contains("broken.conf:2").contains("failregex");

        CliHarness.Result verify = CliHarness.run(AutoblockerLedgerCli::commandLine, "ledger", "verify", "--data-dir",
                data, "--output", "json");
        assertThat(JSON.readTree(verify.out()).path("blocks").asInt()).isZero();
    }
}
