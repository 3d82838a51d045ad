package io.multisystem.contract.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourceParserTest {
    @Test
    void reportsSeveralSyntaxErrorsWithLocationsAndCarets() {
        String src = "permit(principal, action, resource) when { 1 + };\n"
                + "forbid(principal action, resource);\n";

        assertThatThrownBy(() -> SourceParser.parse("f.cedar", src))
                .isInstanceOfSatisfying(ParseException.class, e -> {
                    assertThat(e.diagnostics()).hasSizeGreaterThanOrEqualTo(2);
                    assertThat(e.diagnostics().get(0).loc().line()).isEqualTo(1);
                    assertThat(e.diagnostics().stream().anyMatch(d -> d.loc().line() == 2)).isTrue();
                    assertThat(e.getMessage()).contains("f.cedar:1:").contains("^");
                });
    }

    @Test
    void parsesScopesAnnotationsTemplatesAndContracts() {
        ParsedFile f = SourceParser.parse("f.cedar", """
                @id("p")
                permit(principal is User in Group::"g", action in [Action::"a", Action::"b"], resource == ?resource)
                when { context has x && context.x like "a*b\\*" } unless { resource.tags.contains("x") };
                rate_limit api { key: principal; rate: 10 per 1s; burst: 5; algorithm: sliding_window; }
                sla checkout { p99(latency) < 250ms over 5m; error_rate < 1% over 5m; }
                """);

        Policy p = f.policies().get(0);
        assertThat(p.annotations()).containsEntry("id", "p");
        assertThat(p.principal().op()).isEqualTo(Policy.Scope.Op.IS_IN);
        assertThat(p.action().entities()).hasSize(2);
        assertThat(p.isTemplate()).isTrue();
        assertThat(p.conditions()).hasSize(2);
        assertThat(f.rateLimits().get(0).algorithm()).isEqualTo(RateLimitDecl.Algorithm.SLIDING_WINDOW);
        assertThat(f.rateLimits().get(0).periodMillis()).isEqualTo(1000);
        assertThat(f.slas().get(0).objectives()).extracting(SlaDecl.Objective::threshold).containsExactly(250.0, 0.01);
    }

    @Test
    void hostileNestingIsRejectedWithAClearErrorInsteadOfStackOverflow() {
        String deep = "permit(principal, action, resource) when { " + "(".repeat(100_000) + "true" + ")".repeat(100_000) + " };";

        assertThatThrownBy(() -> SourceParser.parse("deep.cedar", deep))
                .isInstanceOf(ParseException.class).hasMessageContaining("nesting deeper than");
    }

    @Test
    void longOperatorChainsBeyondTheDepthLimitAreRejected() {
        String chain = "permit(principal, action, resource) when { " + "1 + ".repeat(5000) + "1 == 2 };";

        assertThatThrownBy(() -> SourceParser.parse("chain.cedar", chain))
                .isInstanceOf(ParseException.class).hasMessageContaining("deeper than");
    }

    @Test
    void integerLiteralsOutside64BitsAreErrorsButMinLongIsAccepted() {
        assertThat(SourceParser.parse("f", "permit(principal, action, resource) when { -9223372036854775808 < 0 };").policies())
                .hasSize(1);
        assertThatThrownBy(() -> SourceParser.parse("f", "permit(principal, action, resource) when { 9223372036854775808 > 0 };"))
                .hasMessageContaining("out of the 64-bit range");
    }

    @Test
    void printerOutputParsesBackToTheSamePrintedForm() {
        String src = "permit(principal, action, resource) when { (1 + 2) * 3 == 9 && !(context.a || false) "
                + "&& (if context has b then context.b.isEmpty() else [1, 2].containsAny([2])) && principal is User in Group::\"g\" };";
        String once = Printer.print(SourceParser.parse("f", src));
        String twice = Printer.print(SourceParser.parse("f", once));

        assertThat(twice).isEqualTo(once);
        assertThat(once).contains("(1 + 2) * 3 == 9").contains("!(context.a || false)");
    }

    @Test
    void unknownFunctionsAndMethodsAreReportedAtTheirLocation() {
        assertThatThrownBy(() -> SourceParser.parse("f", "permit(principal, action, resource) when { foo(\"x\") };"))
                .hasMessageContaining("f:1:44").hasMessageContaining("unknown extension function `foo`");
        List<Diagnostic> ds = ((ParseException) org.assertj.core.api.Assertions.catchThrowable(() -> SourceParser.parse("f",
                "permit(principal, action, resource) when { context.frob() };"))).diagnostics();
        assertThat(ds.get(0).message()).contains("unknown method `frob`");
    }
}
