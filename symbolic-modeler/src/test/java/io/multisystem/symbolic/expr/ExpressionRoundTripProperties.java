package io.multisystem.symbolic.expr;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

class ExpressionRoundTripProperties {

    @Property(tries = 500, seed = "20240611")
    void printingAsAnSExpressionAndParsingGivesTheSameTerm(@ForAll("terms") Term term) {
        assertThat(SExpressions.parse(SExpressions.print(term))).isEqualTo(term);
    }

    @Property(tries = 500, seed = "20240611")
    void printingAsInfixAndParsingGivesTheSameTerm(@ForAll("terms") Term term) {
        String infix = InfixExpressions.print(term);
        assertThat(InfixExpressions.parse(infix)).as(infix).isEqualTo(term);
    }

    @Property(tries = 200, seed = "20240611")
    void infixPrintingIsStableUnderReparsing(@ForAll("terms") Term term) {
        String once = InfixExpressions.print(term);
        assertThat(InfixExpressions.print(InfixExpressions.parse(once))).isEqualTo(once);
    }

    @Provide
    Arbitrary<Term> terms() {
        return TermArbitraries.terms();
    }
}
