package io.multisystem.contract.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.multisystem.contract.jvm.JvmCompiler;
import io.multisystem.contract.lang.Policy;
import io.multisystem.contract.lang.SourceParser;
import io.multisystem.contract.value.CRecord;
import io.multisystem.contract.value.EntityUid;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BackendDifferentialTest {
    private static final String POLICIES = """
            permit(principal, action == Action::"read", resource) when { context.n > 10 && context.n * 2 < 1000 };
            forbid(principal, action, resource) when { context.n == 42 || context.n - 1 == 99 };
            permit(principal, action, resource) when { if context.n < 0 then context.missing else false };
            permit(principal is User, action, resource) unless { [1, 2, context.n].contains(7) };
            """;

    @Property(tries = 300)
    void jvmBackendAgreesWithTheInterpreterOnDecisionsReasonsAndErrors(@ForAll @LongRange(min = -50, max = 1200) long n) {
        List<Policy> ps = SourceParser.parsePolicies("d.cedar", POLICIES);
        Request r = new Request(EntityUid.of(n % 2 == 0 ? "User" : "Bot", "u"), EntityUid.of("Action", "read"),
                EntityUid.of("Doc", "d"), CRecord.of(Map.of("n", n)));
        Response a = Authorizer.authorize(new Interpreter(ps), r, Entities.EMPTY);
        Response b = Authorizer.authorize(JvmCompiler.compile(ps), r, Entities.EMPTY);

        assertThat(b.decision()).isEqualTo(a.decision());
        assertThat(b.reasons()).isEqualTo(a.reasons());
        assertThat(b.errors()).isEqualTo(a.errors());
        assertThat(b.notApplied()).isEqualTo(a.notApplied());
    }

    @Test
    void forbidOverridesPermitAndErroringPoliciesAreSkippedAndReported() {
        List<Policy> ps = SourceParser.parsePolicies("d.cedar", """
                permit(principal, action, resource);
                forbid(principal, action, resource) when { context.n == 1 };
                permit(principal, action, resource) when { context.nope };
                """);
        Request one = new Request(EntityUid.of("U", "u"), EntityUid.of("Action", "a"), EntityUid.of("R", "r"),
                CRecord.of(Map.of("n", 1L)));
        Request two = new Request(one.principal(), one.action(), one.resource(), CRecord.of(Map.of("n", 2L)));

        Response denied = Authorizer.authorize(JvmCompiler.compile(ps), one, Entities.EMPTY);
        Response allowed = Authorizer.authorize(JvmCompiler.compile(ps), two, Entities.EMPTY);

        assertThat(denied.allowed()).isFalse();
        assertThat(denied.reasons()).containsExactly("policy1");
        assertThat(denied.errors()).extracting(Response.PolicyError::policyId).containsExactly("policy2");
        assertThat(allowed.allowed()).isTrue();
        assertThat(allowed.reasons()).containsExactly("policy0");
    }

    @Test
    void arithmeticOverflowIsAnErrorNotAWrapAround() {
        List<Policy> ps = SourceParser.parsePolicies("o.cedar",
                "permit(principal, action, resource) when { 9223372036854775807 + 1 > 0 };");
        Request r = new Request(EntityUid.of("U", "u"), EntityUid.of("Action", "a"), EntityUid.of("R", "r"), CRecord.EMPTY);

        Response resp = Authorizer.authorize(JvmCompiler.compile(ps), r, Entities.EMPTY);

        assertThat(resp.allowed()).isFalse();
        assertThat(resp.errors()).singleElement().extracting(Response.PolicyError::message).asString().contains("overflow");
    }
}
