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

    @Test
    void interordinalScalingHasBothDirectionsPerThreshold() {
        FormalContext scaled = ConceptualScaling.builder().interordinal("age", 18, 65).build().apply(people);
        int first = scaled.attributes().indexOf("age<=18");
        assertThat(scaled.attributes().subList(first, first + 4))
                .containsExactly("age<=18", "age<=65", "age>=18", "age>=65");
        assertThat(scaled.attributeExtent(first)).isEqualTo(IndexSet.of(0));
        assertThat(scaled.attributeExtent(first + 1)).isEqualTo(IndexSet.of(0, 1, 3));
        assertThat(scaled.attributeExtent(first + 2)).isEqualTo(IndexSet.of(1, 2, 3));
        assertThat(scaled.attributeExtent(first + 3)).isEqualTo(IndexSet.of(2));
    }

    @Test
    void biordinalScalingUsesAtMostBelowAndAtLeastAboveTheSplit() {
        FormalContext scaled = ConceptualScaling.builder()
                .biordinal("age", new double[] {18, 30}, new double[] {45, 65}).build().apply(people);
        int first = scaled.attributes().indexOf("age<=18");
        assertThat(scaled.attributes().subList(first, first + 4))
                .containsExactly("age<=18", "age<=30", "age>=45", "age>=65");
        assertThat(scaled.attributeExtent(first + 1)).isEqualTo(IndexSet.of(0, 1));
        assertThat(scaled.attributeExtent(first + 2)).isEqualTo(IndexSet.of(2, 3));
        assertThat(scaled.attributeExtent(first + 3)).isEqualTo(IndexSet.of(2));
    }

    @Test
    void nominalScaleWithDeclaredValuesKeepsTheirOrderAndRefusesOthers() {
        FormalContext scaled = ConceptualScaling.builder().add(ScaleDefinition.nominal("sex", "m", "f", "x"))
                .build().apply(people);
        assertThat(scaled.attributes()).startsWith("sex=m", "sex=f", "sex=x");
        assertThat(scaled.attributeExtent(2)).isEqualTo(IndexSet.empty());
        assertThatThrownBy(() -> ConceptualScaling.builder().add(ScaleDefinition.nominal("sex", "m"))
                .build().apply(people)).isInstanceOf(InvalidInputException.class)
                .hasMessage("object 'ann', attribute 'sex': value 'f' is not one of the nominal scale's values [m];"
                        + " add it to the scale or fix the value");
    }

    @Test
    void textFormParsesEveryKindAndRoundTrips() {
        for (String text : new String[] {"sex=nominal", "colour=nominal:red,green", "age=ordinal:18,65",
                "age=ordinal-at-least:18", "age=interordinal:18,40,65", "temp=biordinal:5,10|25,30",
                "temp=biordinal:|25", "height=interval:0,150.5,300", "a=b=ordinal:1"}) {
            ScaleDefinition d = ScaleDefinition.parse(text);
            assertThat(d.text()).isEqualTo(text);
            assertThat(ScaleDefinition.parse(d.text())).isEqualTo(d);
        }
        assertThat(ScaleDefinition.parse("a=b=ordinal:1").attribute()).isEqualTo("a=b");
        assertThat(ScaleDefinition.parse("temp=BIORDINAL:5|25").kind()).isEqualTo(ScaleDefinition.Kind.BIORDINAL);
    }

    @Test
    void badScaleDefinitionsSayWhatToFix() {
        assertThatThrownBy(() -> ScaleDefinition.parse("age:ordinal:18")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not ATTRIBUTE=KIND[:ARGS]");
        assertThatThrownBy(() -> ScaleDefinition.parse("age=logarithmic:2")).hasMessageContaining("KIND one of");
        assertThatThrownBy(() -> ScaleDefinition.parse("age=ordinal")).hasMessageContaining("at least 1 threshold");
        assertThatThrownBy(() -> ScaleDefinition.parse("age=ordinal:18,ten"))
                .hasMessage("scale of 'age': 'ten' is not a number");
        assertThatThrownBy(() -> ScaleDefinition.parse("age=interval:5")).hasMessageContaining("at least 2 bounds");
        assertThatThrownBy(() -> ScaleDefinition.parse("age=interordinal:65,18"))
                .hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> ScaleDefinition.parse("t=biordinal:5,10")).hasMessageContaining("LOWER|UPPER");
        assertThatThrownBy(() -> ScaleDefinition.parse("t=biordinal:5,30|25"))
                .hasMessageContaining("every lower threshold must be below every upper one");
        assertThatThrownBy(() -> ScaleDefinition.parse("t=biordinal:|")).hasMessageContaining("at least one");
        assertThatThrownBy(() -> ScaleDefinition.parse("c=nominal:red,,blue"))
                .hasMessageContaining("distinct, non-empty values");
        assertThatThrownBy(() -> new ScaleDefinition("age", ScaleDefinition.Kind.ORDINAL, new double[] {1}, null,
                java.util.List.of("x"))).hasMessageContaining("takes numeric points, not values");
        assertThatThrownBy(() -> ConceptualScaling.builder().ordinal("age", 18).nominal("age"))
                .hasMessageContaining("'age' is scaled twice");
        assertThatThrownBy(() -> ConceptualScaling.builder().ordinal("age", Double.NaN))
                .hasMessageContaining("finite");
    }
}
