package io.multisystem.contract.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.multisystem.core.testing.CliHarness;
import io.multisystem.core.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractCommandsTest {
    @TempDir
    Path dir;
    Path policies;
    Path entities;

    @BeforeEach
    void files() throws Exception {
        policies = dir.resolve("p.cedar");
        Files.writeString(policies, "permit(principal in Group::\"admins\", action == Action::\"read\", resource)\n"
                + "when { context.mfa };\n");
        entities = dir.resolve("e.json");
        Files.writeString(entities, "[{\"uid\":{\"type\":\"User\",\"id\":\"alice\"},\"attrs\":{},"
                + "\"parents\":[{\"type\":\"Group\",\"id\":\"admins\"}]}]");
    }

    private CliHarness.Result authorize(String mfa, String... extra) {
        String[] base = {"authorize", policies.toString(), "--entities", entities.toString(), "--principal", "User::\"alice\"",
                "--action", "Action::\"read\"", "--resource", "Doc::\"d\"", "--context", "{\"mfa\": " + mfa + "}"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliHarness.run(ContractCompilerCli::commandLine, args);
    }

    @Test
    void authorizeAllowsWithExitZeroAndDeniesWithExitOneExplainingTheFailedCondition() {
        CliHarness.Result allow = authorize("true");
        CliHarness.Result deny = authorize("false", "--output", "json", "--backend", "interpreter");

        assertThat(allow.exitCode()).isZero();
        assertThat(allow.out()).contains("ALLOW reasons=[policy0]");
        assertThat(deny.exitCode()).isEqualTo(1);
        assertThat(deny.out()).contains("\"decision\" : \"deny\"").contains("condition 1 is not met").contains("p.cedar:2:1");
    }

    @Test
    void checkReportsEverySyntaxErrorWithFileLineColumnAndExitCode2() throws Exception {
        Path bad = dir.resolve("bad.cedar");
        Files.writeString(bad, "permit(principal, action, resource) when { 1 + };\nforbid(principal action, resource);\n");

        CliHarness.Result r = CliHarness.run(ContractCompilerCli::commandLine, "check", bad.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("bad.cedar:1:").contains("bad.cedar:2:").contains("^");
    }

    @Test
    void checkSummarisesAValidFile() {
        CliHarness.Result r = CliHarness.run(ContractCompilerCli::commandLine, "check", policies.toString(), "--output", "json");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("\"policies\" : 1");
    }

    @Test
    void compileWritesALoadableJvmClassFile() throws Exception {
        Path out = dir.resolve("p.class");
        CliHarness.Result r = CliHarness.run(ContractCompilerCli::commandLine, "compile", policies.toString(), "--target", "jvm",
                "-o", out.toString());

        assertThat(r.exitCode()).isZero();
        byte[] bytes = Files.readAllBytes(out);
        assertThat(bytes).startsWith((byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE);
    }

    @Test
    void compileWritesAWasmModuleThatTheRuntimeLoadsAndAuthorizeRunsOnTheWasmBackend() throws Exception {
        Path out = dir.resolve("p.wasm");
        CliHarness.Result r = CliHarness.run(ContractCompilerCli::commandLine, "compile", policies.toString(), "--target", "wasm",
                "-o", out.toString(), "--output", "json");
        CliHarness.Result allow = authorize("true", "--backend", "wasm");
        CliHarness.Result deny = authorize("false", "--backend", "wasm", "--output", "json");

        assertThat(r.exitCode()).isZero();
        byte[] bytes = Files.readAllBytes(out);
        assertThat(bytes).startsWith((byte) 0x00, (byte) 0x61, (byte) 0x73, (byte) 0x6D);
        assertThat(com.dylibso.chicory.wasm.Parser.parse(bytes).exportSection().exportCount()).isEqualTo(3);
        assertThat(allow.exitCode()).isZero();
        assertThat(allow.out()).contains("ALLOW reasons=[policy0]");
        assertThat(deny.exitCode()).isEqualTo(1);
        assertThat(deny.out()).contains("condition 1 is not met");
    }

    @Test
    void compileToAnUnknownTargetIsBadUsage() {
        CliHarness.Result r = CliHarness.run(ContractCompilerCli::commandLine, "compile", policies.toString(), "--target", "llvm");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("use jvm or wasm");
    }

    @Test
    void conformanceOnTheWasmBackendPassesTheWholeCorpusWithNothingUnsupported() {
        Path cedar = SharedData.resolve("cedar");
        CliHarness.Result r = CliHarness.run(ContractCompilerCli::commandLine, "conformance", cedar.resolve("tests").toString(),
                "--backend", "wasm", "--output", "json");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("\"failed\" : 0").contains("\"unsupported\" : 0").contains("\"backend\" : \"wasm\"");
    }

    @Test
    void fmtPrintsCanonicalSource() throws Exception {
        Path messy = dir.resolve("m.cedar");
        Files.writeString(messy, "permit(principal,action,resource)when{(1+2)*3==9&&!(context.a)};");

        CliHarness.Result r = CliHarness.run(ContractCompilerCli::commandLine, "fmt", messy.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("when { (1 + 2) * 3 == 9 && !context.a }");
    }

    @Test
    void validateWithUnknownAttributeIsRejectedWithExitOne() throws Exception {
        Path schema = dir.resolve("s.cedarschema");
        Files.writeString(schema, "entity User = { age: Long };\nentity Doc;\naction read appliesTo { principal: [User], resource: [Doc] };\n");
        Path p = dir.resolve("v.cedar");
        Files.writeString(p, "permit(principal, action == Action::\"read\", resource) when { principal.name == \"x\" };");

        CliHarness.Result r = CliHarness.run(ContractCompilerCli::commandLine, "validate", p.toString(), "--schema", schema.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("policy0").contains("name");
    }

    @Test
    void conformanceRunsTheCedarCorpusAndPrintsCounts() {
        Path cedar = SharedData.resolve("cedar");
        CliHarness.Result r = CliHarness.run(ContractCompilerCli::commandLine, "conformance", cedar.resolve("tests").toString(),
                "--backend", "jvm", "--output", "json");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("\"failed\" : 0").contains("\"backend\" : \"jvm\"");
    }

    @Test
    void badEntitySyntaxIsUsageErrorExit2() {
        CliHarness.Result r = CliHarness.run(ContractCompilerCli::commandLine, "authorize", policies.toString(),
                "--principal", "alice", "--action", "Action::\"read\"", "--resource", "Doc::\"d\"");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--principal must be an entity");
    }

    @Test
    void analyzePrintsAConfirmedCounterexampleAndExitsOneWhenSetsDiffer() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.multisystem.contract.analysis.Z3Runtime.available(),
                () -> "skipped: " + io.multisystem.contract.analysis.Z3Runtime.unavailableReason());
        Path looser = dir.resolve("loose.cedar");
        Files.writeString(looser, "permit(principal in Group::\"admins\", action == Action::\"read\", resource);\n");

        CliHarness.Result differ = CliHarness.run(ContractCompilerCli::commandLine, "analyze", looser.toString(),
                "--against", policies.toString(), "--check", "equivalent,subsumes", "--output", "json");
        CliHarness.Result holds = CliHarness.run(ContractCompilerCli::commandLine, "analyze", policies.toString(),
                "--against", looser.toString(), "--check", "implies");

        assertThat(differ.exitCode()).isEqualTo(1);
        assertThat(differ.out()).contains("\"verdict\" : \"violated\"").contains("\"verdict\" : \"holds\"")
                .contains("\"confirmed\" : true").contains("admins");
        assertThat(holds.exitCode()).isZero();
        assertThat(holds.out()).contains("implies: HOLDS");
    }

    @Test
    void analyzeRejectsAnUnknownCheckAndAnUnparsablePolicyWithExitCode2() throws Exception {
        Path bad = dir.resolve("bad.cedar");
        Files.writeString(bad, "permit(principal, action");

        CliHarness.Result unknownCheck = CliHarness.run(ContractCompilerCli::commandLine, "analyze", policies.toString(),
                "--check", "sometimes-allows");
        CliHarness.Result unparsable = CliHarness.run(ContractCompilerCli::commandLine, "analyze", bad.toString());

        assertThat(unknownCheck.exitCode()).isEqualTo(2);
        assertThat(unknownCheck.err()).contains("always-allows");
        assertThat(unparsable.exitCode()).isEqualTo(2);
        assertThat(unparsable.err()).contains("bad.cedar:1:");
    }
}
