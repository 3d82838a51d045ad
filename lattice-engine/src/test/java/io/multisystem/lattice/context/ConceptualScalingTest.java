package io.multisystem.lattice.context;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.lattice.bits.IndexSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConceptualScalingTest {
    private final ManyValuedContext people = CsvFormat.parseManyValued(
            "person,sex,age,height\nann,f,17,160\nbob,m,30,185\ncid,m,70,\ndee,f,45,172\n");

    @Test
    void nominalScalingMakesOneAttributePerValue() {
        FormalContext scaled = ConceptualScaling.builder().nominal("sex").interval("age", 0, 200)
                .interval("height", 0, 300).build().apply(people);
        assertThat(scaled.attributes()).startsWith("sex=f", "sex=m");
        assertThat(scaled.attributeExtent(0)).isEqualTo(IndexSet.of(0, 3));
        assertThat(scaled.attributeExtent(1)).isEqualTo(IndexSet.of(1, 2));
    }

    @Test
    void ordinalScalingMarksEveryThresholdAtOrAboveTheValue() {
        FormalContext scaled = ConceptualScaling.builder().ordinal("age", 18, 40, 65).build().apply(people);
        assertThat(scaled.attributes()).containsSubsequence("age<=18", "age<=40", "age<=65");
        int at18 = scaled.attributes().indexOf("age<=18");
        assertThat(scaled.objectIntent(0).intersection(IndexSet.of(at18, at18 + 1, at18 + 2)))
                .isEqualTo(IndexSet.of(at18, at18 + 1, at18 + 2));
        assertThat(scaled.attributeExtent(at18 + 1)).isEqualTo(IndexSet.of(0, 1));
        assertThat(scaled.attributeExtent(at18 + 2)).isEqualTo(IndexSet.of(0, 1, 3));
    }

    @Test
    void atLeastOrdinalScalingMarksThresholdsBelowTheValue() {
        FormalContext scaled = ConceptualScaling.builder().ordinalAtLeast("age", 18, 65).build().apply(people);
        int at18 = scaled.attributes().indexOf("age>=18");
        assertThat(scaled.attributeExtent(at18)).isEqualTo(IndexSet.of(1, 2, 3));
        assertThat(scaled.attributeExtent(at18 + 1)).isEqualTo(IndexSet.of(2));
    }

    @Test
    void intervalScalingPutsEachValueInOneHalfOpenIntervalAndMissingValuesInNone() {
        FormalContext scaled = ConceptualScaling.builder().interval("height", 150, 170, 190).build().apply(people);
        int low = scaled.attributes().indexOf("height in [150,170)");
        assertThat(scaled.attributes().get(low + 1)).isEqualTo("height in [170,190]");
        assertThat(scaled.attributeExtent(low)).isEqualTo(IndexSet.of(0));
        assertThat(scaled.attributeExtent(low + 1)).isEqualTo(IndexSet.of(1, 3));
    }

    @Test
    void unscaledAttributesAreScaledNominally() {
        FormalContext scaled = ConceptualScaling.builder().build().apply(people);
        assertThat(scaled.attributes()).contains("sex=f", "age=17", "height=160");
        assertThat(scaled.objectIntent(2).size()).isEqualTo(2);
    }

    @Test
    void numericScaleOnTextNamesObjectAndAttribute() {
        assertThatThrownBy(() -> ConceptualScaling.builder().ordinal("sex", 1).build().apply(people))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("object 'ann', attribute 'sex': value 'f' is not a finite number");
    }

    @Test
    void scaleOfAMissingAttributeAndUnorderedThresholdsAreRejected() {
        assertThatThrownBy(() -> ConceptualScaling.builder().nominal("weight").build().apply(people))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("weight");
        assertThatThrownBy(() -> ConceptualScaling.builder().interval("age", 10, 5))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("strictly increasing");
    }
}
