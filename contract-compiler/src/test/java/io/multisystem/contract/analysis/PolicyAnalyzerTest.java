package io.multisystem.contract.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multisystem.contract.analysis.Analysis.Check;
import io.multisystem.contract.analysis.Analysis.Example;
import io.multisystem.contract.analysis.Analysis.Finding;
import io.multisystem.contract.analysis.Analysis.Result;
import io.multisystem.contract.analysis.Analysis.Verdict;
import io.multisystem.contract.eval.Authorizer;
import io.multisystem.contract.eval.Entities;
import io.multisystem.contract.eval.JsonCodec;
import io.multisystem.contract.eval.Request;
import io.multisystem.contract.eval.Response;
import io.multisystem.contract.jvm.JvmCompiler;
import io.multisystem.contract.lang.Policy;
import io.multisystem.contract.lang.SourceParser;
import io.multisystem.core.error.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PolicyAnalyzerTest {
    @BeforeAll
    static void z3() {
        Assumptions.assumeTrue(Z3Runtime.available(), () -> "skipped: " + Z3Runtime.unavailableReason());
    }

    static List<Policy> ps(String text) {
        return SourceParser.parsePolicies("a.cedar", text);
    }

    static Result one(String a, String b, Check check) {
        return PolicyAnalyzer.analyze(ps(a), b == null ? null : ps(b), List.of(check), 20_000).results().get(0);
    }

    /** Re-reads the example from its JSON and decides it independently on the JVM back end. */
    static Response decide(String policies, Example ex) {
        Entities es = JsonCodec.entities(JsonCodec.read(ex.entitiesJson(), "entities"), null);
        Request r = new Request(ex.request().principal(), ex.request().action(), ex.request().resource(),
                JsonCodec.context(JsonCodec.read(ex.contextJson(), "context"), null, ex.request().action()));
        return Authorizer.authorize(JvmCompiler.compile(ps(policies)), r, es);
    }

    @Test
    void reorderedConjunctionsAreProvedEquivalentDespiteDifferentErrorBehaviour() {
        Result r = one("permit(principal, action, resource) when { context.a && context.b };",
                "permit(principal, action, resource) when { context.b && context.a };", Check.EQUIVALENT);

        assertThat(r.verdict()).isEqualTo(Verdict.HOLDS);
        assertThat(r.example()).isNull();
    }

    @Test
    void offByOneComparisonIsNotEquivalentAndTheCounterexampleShowsTheDifference() {
        String a = "permit(principal, action, resource) when { principal.age >= 18 };";
        String b = "permit(principal, action, resource) when { principal.age > 18 };";

        Result r = one(a, b, Check.EQUIVALENT);

        assertThat(r.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(r.example().confirmed()).isTrue();
        assertThat(decide(a, r.example()).allowed()).isNotEqualTo(decide(b, r.example()).allowed());
        assertThat(r.example().entitiesJson()).contains("\"age\":18");
    }

    @Test
    void addingAConditionMakesASetImplyTheLooserOneButNotConversely() {
        String strict = "permit(principal in Group::\"admins\", action == Action::\"delete\", resource) when { context.mfa == true };";
        String loose = "permit(principal in Group::\"admins\", action, resource);";

        Result implies = one(strict, loose, Check.IMPLIES);
        Result converse = one(loose, strict, Check.IMPLIES);
        Result subsumes = one(loose, strict, Check.SUBSUMES);

        assertThat(implies.verdict()).isEqualTo(Verdict.HOLDS);
        assertThat(subsumes.verdict()).isEqualTo(Verdict.HOLDS);
        assertThat(converse.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(decide(loose, converse.example()).allowed()).isTrue();
        assertThat(decide(strict, converse.example()).allowed()).isFalse();
        assertThat(converse.example().request().principal() + converse.example().entitiesJson()).contains("admins");
    }

    @Test
    void hierarchyIsTransitiveInProofs() {
        String a = "permit(principal in Group::\"eng\", action, resource) when { Group::\"eng\" in Group::\"staff\" };";
        String b = "permit(principal in Group::\"staff\", action, resource);";

        assertThat(one(a, b, Check.IMPLIES).verdict()).isEqualTo(Verdict.HOLDS);
        Result back = one(b, a, Check.IMPLIES);
        assertThat(back.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(back.example().confirmed()).isTrue();
    }

    @Test
    void missingAttributeErrorsAreFoundByNeverErrors() {
        String a = "permit(principal, action, resource) when { principal.level > 3 };";

        Result r = one(a, null, Check.NEVER_ERRORS);
        Result guarded = one("permit(principal, action, resource) when { principal has level && principal.level > 3 };",
                null, Check.NEVER_ERRORS);

        assertThat(r.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(decide(a, r.example()).errors()).isNotEmpty();
        assertThat(guarded.verdict()).isEqualTo(Verdict.VIOLATED); // level may be a string: type error
        assertThat(one("permit(principal, action, resource) when { principal has level && principal.level == 3 };",
                null, Check.NEVER_ERRORS).verdict()).isEqualTo(Verdict.HOLDS);
    }

    @Test
    void satisfiableGivesAnAllowedRequestAndAlwaysDeniesAProvenNo() {
        String a = "permit(principal, action, resource) when { resource.name like \"*.txt\" && principal in resource.viewers };";

        Result sat = one(a, null, Check.SATISFIABLE);
        Result denies = one("permit(principal, action, resource) when { 1 > 2 };", null, Check.ALWAYS_DENIES);
        Result allows = one("permit(principal, action, resource);", null, Check.ALWAYS_ALLOWS);

        assertThat(sat.verdict()).isEqualTo(Verdict.HOLDS);
        assertThat(decide(a, sat.example()).allowed()).isTrue();
        assertThat(denies.verdict()).isEqualTo(Verdict.HOLDS);
        assertThat(allows.verdict()).isEqualTo(Verdict.HOLDS);
    }

    @Test
    void deadRulesAreReportedByPolicyId() {
        Result r = one("""
                permit(principal, action, resource) when { 1 > 2 };
                permit(principal is User, action, resource) when { principal is Admin };
                permit(principal == User::"a", action, resource) when { principal == User::"b" };
                permit(principal, action, resource) when { context.x like "a*" && context.x like "b*" };
                permit(principal, action, resource) when { context.ok };
                """, null, Check.DEAD_RULES);

        assertThat(r.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(r.findings()).extracting(Finding::policyId).containsExactly("policy0", "policy1", "policy2", "policy3");
    }

    @Test
    void permitForbidOverlapsComeWithConfirmedWitnesses() {
        String text = """
                permit(principal, action == Action::"read", resource) when { resource.public };
                forbid(principal, action, resource) when { context.blocked };
                forbid(principal, action == Action::"write", resource);
                """;
        Result r = one(text, null, Check.CONFLICTS);

        assertThat(r.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.policyId()).isEqualTo("policy0");
            assertThat(f.otherPolicyId()).isEqualTo("policy1");
            assertThat(f.witness().confirmed()).isTrue();
            assertThat(decide(text, f.witness()).reasons()).contains("policy1");
        });
    }

    @Test
    void redundancyFindsShadowedRedundantAndUndecisivePolicies() {
        Result r = one("""
                permit(principal in Group::"g", action, resource);
                permit(principal in Group::"g", action, resource) when { context.x == 1 };
                permit(principal, action == Action::"admin", resource);
                forbid(principal, action == Action::"admin", resource);
                forbid(principal, action == Action::"admin", resource) when { context.y };
                permit(principal, action, resource) when { context.z };
                """, null, Check.REDUNDANCY);

        assertThat(r.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(r.findings()).extracting(f -> f.policyId() + ":" + f.kind())
                .containsExactlyInAnyOrder("policy1:redundant", "policy2:shadowed", "policy4:redundant");
    }

    @Test
    void comparingChecksNeedASecondSetAndTemplatesMustBeLinked() {
        assertThatThrownBy(() -> PolicyAnalyzer.analyze(ps("permit(principal, action, resource);"), null,
                List.of(Check.EQUIVALENT), 1000)).isInstanceOf(InvalidInputException.class).hasMessageContaining("second set");
        assertThatThrownBy(() -> PolicyAnalyzer.analyze(ps("permit(principal == ?principal, action, resource);"), null,
                List.of(Check.SATISFIABLE), 1000)).isInstanceOf(InvalidInputException.class).hasMessageContaining("template");
        assertThatThrownBy(() -> Check.parse("sometimes-allows")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("always-allows");
    }

    @Test
    void ipRangeChecksAreExactForIpv4Hosts() {
        String narrow = "permit(principal, action, resource) when { context.ip.isInRange(ip(\"10.1.0.0/16\")) };";
        String wide = "permit(principal, action, resource) when { context.ip.isInRange(ip(\"10.0.0.0/8\")) };";

        Result implies = one(narrow, wide, Check.IMPLIES);
        Result converse = one(wide, narrow, Check.IMPLIES);

        assertThat(implies.verdict()).isEqualTo(Verdict.HOLDS);
        assertThat(implies.message()).contains("proved");
        assertThat(converse.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(converse.example().contextJson()).contains("10.");
        assertThat(decide(wide, converse.example()).allowed()).isTrue();
        assertThat(decide(narrow, converse.example()).allowed()).isFalse();
    }
}
