package io.multisystem.attestation.cli;

import io.multisystem.core.testing.CliHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The main verbs end to end, in-process on an embedded store, and the offline verification of their files. */
class AttestationAuthorityCliEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String STATEMENT = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":"
            + "\"pkg:oci/app\",\"digest\":{\"sha256\":\"" + "cd".repeat(32) + "\"}}],\"predicateType\":"
            + "\"https://slsa.dev/provenance/v1\",\"predicate\":{\"builder\":{\"id\":\"ci\"}}}";

    @TempDir
    Path dir;
    String[] store;

    @BeforeEach
    void store() {
        store = new String[] {"--data-dir", dir.resolve("data").toString(), "--kek-file", dir.resolve("kek").toString()};
    }

    @Test
    void keygenRootDelegateIssueVerifyOfflineProveAndRevoke() throws Exception {
        Files.writeString(dir.resolve("kek"), "00".repeat(32));
        Files.writeString(dir.resolve("statement.json"), STATEMENT);
        Path rootKey = dir.resolve("root.key");

        CliHarness.Result keygen = run("keygen", "--out", rootKey.toString(), "--output", "json");
        String rootId = json(keygen).path("keyId").asString();
        CliHarness.Result root = run(with("root", "add", "--key", rootKey.toString(), "--predicate", "*", "--subject",
                "*", "--not-before", "2020-01-01T00:00:00Z", "--not-after", "2099-01-01T00:00:00Z",
                "--max-path-length", "2", "--output", "json"));
        CliHarness.Result delegate = run(with("delegate", "--parent", rootId, "--predicate",
                "https://slsa.dev/provenance/v1", "--subject", "pkg:oci/*", "--not-before", "2020-01-01T00:00:00Z",
                "--not-after", "2098-01-01T00:00:00Z", "--output", "json"));
        String ciId = json(delegate).path("keyId").asString();
        CliHarness.Result issue = run(with("issue", "--statement", dir.resolve("statement.json").toString(),
                "--signer", ciId, "--out", dir.resolve("envelope.json").toString(), "--bundle",
                dir.resolve("bundle.json").toString(), "--output", "json"));
        String attestationId = json(issue).path("attestationId").asString();
        CliHarness.Result checkpoint = run(with("log", "checkpoint", "--out", dir.resolve("cp1.note").toString(),
                "--key-out", dir.resolve("log.key").toString()));

        assertThat(keygen.exitCode()).isZero();
        assertThat(json(root).path("keyId").asString()).isEqualTo(rootId);
        assertThat(issue.exitCode()).isZero();
        assertThat(checkpoint.out()).contains("attestation-authority.multisystem.local/log\n3\n");

        CliHarness.Result online = run(with("verify", "--envelope", dir.resolve("envelope.json").toString(),
                "--proof"));
        assertThat(online.exitCode()).as(online.err()).isZero();
        assertThat(online.out()).startsWith("VALID");

        String[] offline = {"verify", "--envelope", dir.resolve("envelope.json").toString(), "--bundle",
                dir.resolve("bundle.json").toString(), "--trusted-root", rootKey + ".pub", "--log-key",
                dir.resolve("log.key").toString(), "--output", "json"};
        CliHarness.Result offlineResult = run(offline);
        assertThat(offlineResult.exitCode()).as(offlineResult.out() + offlineResult.err()).isZero();
        assertThat(json(offlineResult).path("attestationId").asString()).isEqualTo(attestationId);

        String envelope = Files.readString(dir.resolve("envelope.json"));
        Files.writeString(dir.resolve("envelope.json"), envelope.replace("\"sig\":\"", "\"sig\":\"AAAA"));
        CliHarness.Result tampered = run(offline);
        assertThat(tampered.exitCode()).isEqualTo(1);
        assertThat(json(tampered).path("reasons").toString()).contains("SIGNATURE_INVALID");
        Files.writeString(dir.resolve("envelope.json"), envelope);

        Keygen.writeOtherRoot(dir);
        CliHarness.Result untrusted = run("verify", "--envelope", dir.resolve("envelope.json").toString(), "--bundle",
                dir.resolve("bundle.json").toString(), "--trusted-root", dir.resolve("other.pub").toString(),
                "--log-key", dir.resolve("log.key").toString(), "--output", "json");
        assertThat(json(untrusted).path("reasons").toString()).contains("CHAIN_UNTRUSTED");

        CliHarness.Result prove = run(with("log", "prove", "--attestation", attestationId, "--out",
                dir.resolve("proof.json").toString()));
        CliHarness.Result inclusion = run("log", "verify-inclusion", "--proof", dir.resolve("proof.json").toString(),
                "--checkpoint", dir.resolve("cp1.note").toString(), "--log-key", dir.resolve("log.key").toString());
        assertThat(prove.exitCode()).isZero();
        assertThat(inclusion.exitCode()).as(inclusion.out() + inclusion.err()).isZero();

        CliHarness.Result revoke = run(with("revoke", "--attestation", attestationId, "--reason", "keyCompromise"));
        run(with("log", "checkpoint", "--out", dir.resolve("cp2.note").toString()));
        run(with("log", "prove", "--old-size", "3", "--out", dir.resolve("consistency.json").toString()));
        CliHarness.Result consistency = run("log", "verify-consistency", "--proof",
                dir.resolve("consistency.json").toString(), "--old-checkpoint", dir.resolve("cp1.note").toString(),
                "--new-checkpoint", dir.resolve("cp2.note").toString(), "--log-key", dir.resolve("log.key").toString());
        CliHarness.Result swapped = run("log", "verify-consistency", "--proof",
                dir.resolve("consistency.json").toString(), "--old-checkpoint", dir.resolve("cp2.note").toString(),
                "--new-checkpoint", dir.resolve("cp1.note").toString(), "--log-key", dir.resolve("log.key").toString());
        CliHarness.Result revoked = run(with("verify", "--envelope", dir.resolve("envelope.json").toString(),
                "--output", "json"));

        assertThat(revoke.exitCode()).as(revoke.err()).isZero();
        assertThat(consistency.exitCode()).as(consistency.out() + consistency.err()).isZero();
        assertThat(swapped.exitCode()).isEqualTo(1);
        assertThat(revoked.exitCode()).isEqualTo(1);
        assertThat(json(revoked).path("reasons").toString()).contains("REVOKED");
    }

    @Test
    void badInputExitsWith2AndNamesTheProblem() throws Exception {
        Files.writeString(dir.resolve("kek"), "00".repeat(32));
        CliHarness.Result missing = run(with("verify", "--envelope", dir.resolve("nope.json").toString()));
        CliHarness.Result badReason = run(with("revoke", "--attestation", "ab".repeat(32), "--reason", "bored"));

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.json");
        assertThat(badReason.exitCode()).isEqualTo(2);
        assertThat(badReason.err()).contains("REVOCATION_REASON_INVALID");
    }

    private String[] with(String... args) {
        String[] all = new String[args.length + store.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(store, 0, all, args.length, store.length);
        return all;
    }

    private static CliHarness.Result run(String... args) {
        return CliHarness.run(AttestationAuthorityCli::commandLine, args);
    }

    private static JsonNode json(CliHarness.Result result) {
        assertThat(result.exitCode()).as(result.err()).isIn(0, 1);
        assertThat(result.out()).as(result.err()).startsWith("{");
        return JSON.readTree(result.out().getBytes(StandardCharsets.UTF_8));
    }

    /** Key generation helper for a root the bundle was not made under. */
    static final class Keygen {
        static void writeOtherRoot(Path dir) throws Exception {
            var key = io.multisystem.core.crypto.Ed25519.generateKeyPair();
            Files.writeString(dir.resolve("other.pub"), io.multisystem.core.crypto.Pem.writePublicKey(key.publicKey()));
        }
    }
}
