package io.multisystem.ledger.cli;

import io.multisystem.core.testing.CliHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code export} and {@code keys} end to end, in-process. */
class ExportAndKeysCliTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void exportWritesTheActiveBansAsNftAndIpsetScripts() throws Exception {
        String data = dir.resolve("ledger").toString();
        assertThat(CliHarness.run(AutoblockerLedgerCli::commandLine, "decisions", "add", "--value", "192.0.2.33",
                "--duration", "2h", "--data-dir", data).exitCode()).isZero();
        assertThat(CliHarness.run(AutoblockerLedgerCli::commandLine, "decisions", "add", "--scope", "Range", "--value",
                "2001:db8:5::/48", "--data-dir", data).exitCode()).isZero();
        assertThat(CliHarness.run(AutoblockerLedgerCli::commandLine, "decisions", "add", "--type", "captcha", "--value",
                "192.0.2.34", "--data-dir", data).exitCode()).isZero();

        CliHarness.Result nft = CliHarness.run(AutoblockerLedgerCli::commandLine, "export", "--format", "nft",
                "--data-dir", data);
        assertThat(nft.exitCode()).as(nft.err()).isZero();
        assertThat(nft.out()).contains("table inet autoblocker {").containsPattern("addr4 \\{ 192\\.0\\.2\\.33 timeout 7\\d{3}s }")
                .contains("net6 { 2001:db8:5::/48 timeout").doesNotContain("192.0.2.34");

        Path file = dir.resolve("bans.ipset");
        CliHarness.Result ipset = CliHarness.run(AutoblockerLedgerCli::commandLine, "export", "--format", "ipset",
                "--name", "edge", "--to", file.toString(), "--data-dir", data, "--output", "json");
        assertThat(ipset.exitCode()).as(ipset.err()).isZero();
        JsonNode json = JSON.readTree(ipset.out());
        assertThat(json.path("elements").asInt()).isEqualTo(2);
        assertThat(json.path("skipped").asInt()).isEqualTo(1);
        assertThat(Files.readString(file)).contains("add edge-v4-new 192.0.2.33 timeout").contains("swap edge-v6-new edge-v6");

        CliHarness.Result bad = CliHarness.run(AutoblockerLedgerCli::commandLine, "export", "--format", "pf",
                "--data-dir", data);
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("nft or ipset");
    }

    @Test
    void keysAreCreatedOnceListedWithoutSecretsAndRevoked() throws Exception {
        String file = dir.resolve("api-keys").toString();
        CliHarness.Result created = CliHarness.run(AutoblockerLedgerCli::commandLine, "keys", "create", "--domain",
                "bastion-1", "--label", "ops team", "--keys-file", file, "--output", "json");
        assertThat(created.exitCode()).as(created.err()).isZero();
        JsonNode c = JSON.readTree(created.out());
        String key = c.path("key").asString();
        String id = c.path("id").asString();
        assertThat(key).startsWith("abl_" + id + "_");

        CliHarness.Result ls = CliHarness.run(AutoblockerLedgerCli::commandLine, "keys", "ls", "--keys-file", file);
        assertThat(ls.out()).contains(id).contains("bastion-1").contains("active").doesNotContain(key);
        assertThat(Files.readString(Path.of(file))).doesNotContain(key);

        CliHarness.Result revoke = CliHarness.run(AutoblockerLedgerCli::commandLine, "keys", "revoke", id,
                "--keys-file", file);
        assertThat(revoke.exitCode()).as(revoke.err()).isZero();
        CliHarness.Result ls2 = CliHarness.run(AutoblockerLedgerCli::commandLine, "keys", "ls", "--keys-file", file,
                "--output", "json");
        assertThat(JSON.readTree(ls2.out()).get(0).path("active").asBoolean()).isFalse();

        CliHarness.Result unknown = CliHarness.run(AutoblockerLedgerCli::commandLine, "keys", "revoke", "--domain",
                "nobody", "--keys-file", file);
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("no active key");
        CliHarness.Result badDomain = CliHarness.run(AutoblockerLedgerCli::commandLine, "keys", "create", "--domain",
                "Bad Domain", "--keys-file", file);
        assertThat(badDomain.exitCode()).isEqualTo(2);
    }
}
