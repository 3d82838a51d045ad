package io.multisystem.lattice.context;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.testing.SharedData;
import io.multisystem.lattice.bits.IndexSet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvAndJsonFormatTest {
    private final FormalContext bobRoss = BurmeisterFormat.read(SharedData.resolve("fca/bob-ross.cxt"));

    @Test
    void oneHotCsvRoundTripsAReferenceContext() {
        assertThat(CsvFormat.parseBinary(CsvFormat.formatBinary(bobRoss))).isEqualTo(bobRoss);
    }

    @Test
    void jsonRoundTripsAReferenceContext() {
        assertThat(JsonFormat.parse(JsonFormat.format(bobRoss))).isEqualTo(bobRoss);
    }

    @Test
    void oneHotCsvAcceptsQuotedNamesAndSeveralMarkSpellings() {
        FormalContext context = CsvFormat.parseBinary(
                "name,\"has, comma\",b\r\n\"say \"\"hi\"\"\",X,false\r\nplain,yes,1\r\n");
        assertThat(context.attributes()).containsExactly("has, comma", "b");
        assertThat(context.objects()).containsExactly("say \"hi\"", "plain");
        assertThat(context.objectIntent(0)).isEqualTo(IndexSet.of(0));
        assertThat(context.objectIntent(1)).isEqualTo(IndexSet.of(0, 1));
        assertThat(CsvFormat.parseBinary(CsvFormat.formatBinary(context))).isEqualTo(context);
    }

    @Test
    void csvRejectsAnUnknownMarkNamingLineAndField() {
        assertThatThrownBy(() -> CsvFormat.parseBinary("o,a,b\ng,1,maybe\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("line 2, field 3 (attribute 'b'): expected 1/0");
    }

    @Test
    void csvRejectsARowWithTheWrongNumberOfFields() {
        assertThatThrownBy(() -> CsvFormat.parseBinary("o,a,b\ng,1\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("line 2: expected 3 fields (object name and one per attribute), got 2");
    }

    @Test
    void csvRejectsAnUnclosedQuote() {
        assertThatThrownBy(() -> CsvFormat.parseBinary("o,a\n\"g,1\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not closed");
    }

    @Test
    void manyValuedCsvRoundTrips() {
        ManyValuedContext context = CsvFormat.parseManyValued("animal,size,legs\ncat,small,4\nbird,,2\n");
        assertThat(context.value(1, 0)).isEmpty();
        assertThat(context.value(0, 1)).isEqualTo("4");
        assertThat(CsvFormat.parseManyValued(CsvFormat.formatManyValued(context))).isEqualTo(context);
    }

    @Test
    void jsonSyntaxErrorsCarryLineAndColumn() {
        assertThatThrownBy(() -> JsonFormat.parse("{\n  \"objects\": [\"a\",\n}"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("line 3, column");
    }

    @Test
    void jsonShapeErrorsNameThePath() {
        assertThatThrownBy(() -> JsonFormat.parse("{\"objects\":[\"a\"],\"attributes\":[\"x\"],\"intents\":[[0,3]]}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("intents[0][1]: expected an attribute index 0..0, got 3");
        assertThatThrownBy(() -> JsonFormat.parse("[1,2]"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("$:");
        assertThatThrownBy(() -> JsonFormat.parse("{\"objects\":[1],\"attributes\":[],\"intents\":[[]]}"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("objects[0]:");
    }

    @Test
    void jsonFormatIsIndexListsPerObject() {
        FormalContext context = FormalContext.fromIntents(List.of("g"), List.of("a", "b"), List.of(IndexSet.of(1)));
        assertThat(JsonFormat.format(context).replaceAll("\\s", ""))
                .isEqualTo("{\"objects\":[\"g\"],\"attributes\":[\"a\",\"b\"],\"intents\":[[1]]}");
    }
}
