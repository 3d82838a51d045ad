package io.multisystem.pipeline.record;

import io.multisystem.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowTest {
    private static final Schema SCHEMA = Schema.of("id", FieldType.LONG, "name", FieldType.STRING);

    @Test
    void valueOfTheWrongTypeIsRejectedWithThePathOfTheField() {
        assertThatThrownBy(() -> Row.of(SCHEMA, "1", "x"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.code()).isEqualTo("ROW_INVALID");
                    assertThat(e.component()).isEqualTo("pipeline-engine");
                    assertThat(e.violations()).extracting(v -> v.field()).containsExactly("/id");
                });
    }

    @Test
    void duplicateFieldNamesAreRejected() {
        assertThatThrownBy(() -> Schema.of("a", FieldType.LONG, "a", FieldType.STRING))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.violations()).extracting(v -> v.field()).containsExactly("/fields/1/name"));
    }

    @Test
    void rowsFromMapsLeaveMissingFieldsNullAndCompareByValue() {
        Row r = Row.ofMap(SCHEMA, Map.of("id", 7L));

        assertThat(r).isEqualTo(Row.of(SCHEMA, 7L, null));
        assertThat(r.getString("name")).isNull();
    }

    @Test
    void unknownFieldNamesListTheKnownOnes() {
        assertThatThrownBy(() -> Row.of(SCHEMA, 1L, "x").get("nme"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.code()).isEqualTo("UNKNOWN_FIELD");
                    assertThat(e.getMessage()).contains("[id, name]");
                });
    }
}
