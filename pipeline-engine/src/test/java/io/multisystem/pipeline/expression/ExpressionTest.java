package io.multisystem.pipeline.expression;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.record.FieldType;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpressionTest {
    static final Schema SCHEMA = Schema.of("price", FieldType.DOUBLE, "qty", FieldType.LONG, "name", FieldType.STRING,
            "vip", FieldType.BOOLEAN, "ts", FieldType.TIMESTAMP);
    static final Row ROW = Row.of(SCHEMA, 2.5, 4L, " Ada ", true, 1_000L);
    static final Row NULLS = Row.of(SCHEMA, null, null, null, null, null);

    static Object eval(String text, Row row) {
        return Expression.compile(text, SCHEMA, "expr").evaluate(row);
    }

    @Test
    void arithmeticPromotesLongToDoubleAndKeepsLongsExact() {
        assertThat(Expression.compile("price * qty", SCHEMA, "e").type()).isEqualTo(FieldType.DOUBLE);
        assertThat(eval("price * qty + 1", ROW)).isEqualTo(11.0);
        assertThat(eval("qty * 3 - 2 % 3", ROW)).isEqualTo(10L);
        assertThat(eval("qty / 3", ROW)).isEqualTo(1L);
        assertThat(eval("-qty", ROW)).isEqualTo(-4L);
        assertThat(eval("(qty + 1) * 2", ROW)).isEqualTo(10L);
    }

    @Test
    void timestampArithmeticKeepsTheTimestampType() {
        assertThat(Expression.compile("ts + 500", SCHEMA, "e").type()).isEqualTo(FieldType.TIMESTAMP);
        assertThat(Expression.compile("ts - ts", SCHEMA, "e").type()).isEqualTo(FieldType.LONG);
        assertThat(eval("ts + 500", ROW)).isEqualTo(1_500L);
    }

    @Test
    void nullPropagatesThroughOperatorsButNotThroughThreeValuedLogic() {
        assertThat(eval("qty + 1", NULLS)).isNull();
        assertThat(eval("qty > 1", NULLS)).isNull();
        assertThat(eval("vip and false", NULLS)).isEqualTo(false);
        assertThat(eval("vip or true", NULLS)).isEqualTo(true);
        assertThat(eval("vip and true", NULLS)).isNull();
        assertThat(eval("qty is null", NULLS)).isEqualTo(true);
        assertThat(eval("name is not null", ROW)).isEqualTo(true);
        assertThat(eval("coalesce(qty, 7)", NULLS)).isEqualTo(7L);
        assertThat(eval("coalesce(price, qty)", Row.of(SCHEMA, null, 3L, null, null, null))).isEqualTo(3.0);
        assertThat(eval("if(vip, 'yes', 'no')", NULLS)).isEqualTo("no");
        assertThat(eval("qty / 0", ROW)).isNull();
    }

    @Test
    void stringFunctionsAndComparisons() {
        assertThat(eval("upper(trim(name))", ROW)).isEqualTo("ADA");
        assertThat(eval("length(trim(name)) = 3 and contains(name, 'd')", ROW)).isEqualTo(true);
        assertThat(eval("substr(trim(name), 2, 1)", ROW)).isEqualTo("d");
        assertThat(eval("trim(name) || '!'", ROW)).isEqualTo("Ada!");
        assertThat(eval("concat('n=', qty, ' ', price)", ROW)).isEqualTo("n=4 2.5");
        assertThat(eval("matches(trim(name), '[A-Z][a-z]+')", ROW)).isEqualTo(true);
        assertThat(eval("split_part('a,b,c', ',', 2)", ROW)).isEqualTo("b");
        assertThat(eval("'abc' < 'abd'", ROW)).isEqualTo(true);
        assertThat(eval("to_long('42') + round(price)", ROW)).isEqualTo(45L);
        assertThat(eval("to_timestamp('1970-01-01T00:00:01Z')", ROW)).isEqualTo(1_000L);
        assertThat(eval("greatest(qty, price, 1)", ROW)).isEqualTo(4.0);
    }

    @Test
    void typeErrorsNameThePathAndColumn() {
        assertThatThrownBy(() -> Expression.compile("qty + name", SCHEMA, "transforms[2].expr"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("transforms[2].expr").hasMessageContaining("column 5")
                .hasMessageContaining("'+' needs numbers, found STRING");
        assertThatThrownBy(() -> Expression.compile("qty > 'x'", SCHEMA, "e"))
                .hasMessageContaining("cannot compare LONG with STRING");
        assertThatThrownBy(() -> Expression.compile("upper(qty)", SCHEMA, "e"))
                .hasMessageContaining("column 7").hasMessageContaining("upper() expects STRING");
        assertThatThrownBy(() -> Expression.compile("prise * 2", SCHEMA, "e"))
                .hasMessageContaining("column 1: unknown field 'prise'").hasMessageContaining("price");
        assertThatThrownBy(() -> Expression.compile("substr(name)", SCHEMA, "e"))
                .hasMessageContaining("substr() takes 2 to 3 arguments, got 1");
        assertThatThrownBy(() -> Expression.compile("qty +", SCHEMA, "e"))
                .hasMessageContaining("column 6").hasMessageContaining("expected a value");
        assertThatThrownBy(() -> Expression.compile("matches(name, '[')", SCHEMA, "e"))
                .hasMessageContaining("invalid regular expression");
        assertThatThrownBy(() -> Expression.compilePredicate("qty + 1", SCHEMA, "transforms[0].expr"))
                .hasMessageContaining("a predicate must be BOOLEAN");
        assertThatThrownBy(() -> Expression.compile("null", SCHEMA, "e")).hasMessageContaining("always null");
    }

    @Test
    void backquotesReferToFieldsWithAwkwardNames() {
        Schema s = Schema.of("unit price", FieldType.DOUBLE);
        assertThat(Expression.compile("`unit price` * 2", s, "e").evaluate(Row.of(s, 1.5))).isEqualTo(3.0);
    }
}
