package io.multisystem.lattice.context;

import io.multisystem.lattice.testing.RandomContexts;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

class FormatRoundTripProperties {
    @Provide
    Arbitrary<FormalContext> contexts() {
        return RandomContexts.contexts(12, 70);
    }

    @Property(tries = 100, seed = "3")
    void cxtWriteThenReadGivesTheSameContext(@ForAll("contexts") FormalContext context) {
        assertThat(BurmeisterFormat.parse(BurmeisterFormat.format(context))).isEqualTo(context);
    }

    @Property(tries = 100, seed = "4")
    void csvWriteThenReadGivesTheSameContext(@ForAll("contexts") FormalContext context) {
        assertThat(CsvFormat.parseBinary(CsvFormat.formatBinary(context))).isEqualTo(context);
    }

    @Property(tries = 100, seed = "5")
    void jsonWriteThenReadGivesTheSameContext(@ForAll("contexts") FormalContext context) {
        assertThat(JsonFormat.parse(JsonFormat.format(context))).isEqualTo(context);
    }

    @Property(tries = 100, seed = "6")
    void dualOfTheDualIsTheContext(@ForAll("contexts") FormalContext context) {
        assertThat(context.dual().dual()).isEqualTo(context);
    }
}
