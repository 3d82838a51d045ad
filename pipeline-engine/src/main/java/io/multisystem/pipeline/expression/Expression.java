package io.multisystem.pipeline.expression;

import io.multisystem.core.error.FieldViolation;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.record.Errors;
import io.multisystem.pipeline.record.FieldType;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;

import java.util.List;

/**
 * A compiled, statically typed expression over the fields of one row schema (the language is described in
 * {@code specs/pipeline-engine.md} and in {@link ExpressionParser}). Immutable and thread-safe.
 *
 * <p>Null handling follows SQL: an operator or function with a {@code null} operand yields {@code null}, except
 * {@code and}/{@code or} (three-valued logic: {@code false and null = false}, {@code true or null = true}),
 * {@code is [not] null}, {@code coalesce}, {@code if} (a {@code null} condition takes the else branch) and
 * {@code concat} (skips nulls). Integer division or modulo by zero yields {@code null}.
 */
public interface Expression {
    /**
     * The static type of the result; {@link java.util.Optional#empty()}-like {@code null} never: an expression that is
     * the literal {@code null} alone is rejected at compile time.
     */
    FieldType type();

    /** The value for this row (of the schema the expression was compiled against), or {@code null}. */
    Object evaluate(Row row);

    /** The source text. */
    String text();

    /**
     * Parses and type-checks {@code text} against {@code schema}.
     *
     * @param path where the expression sits in its definition (e.g. {@code transforms[2].expr}); errors carry it
     * @throws InvalidInputException (code {@code EXPRESSION_INVALID}) with one violation at {@code path} whose
     *                               message names the 1-based column and what to fix (unknown field, operand types,
     *                               wrong argument count, syntax)
     */
    static Expression compile(String text, Schema schema, String path) {
        try {
            return new ExpressionParser(text, schema).parseExpression();
        } catch (ExpressionParser.ExpressionError e) {
            throw InvalidInputException.ofViolations(Errors.COMPONENT, "EXPRESSION_INVALID",
                    List.of(new FieldViolation(path, "column " + (e.position() + 1) + ": " + e.getMessage()
                            + " in `" + text + "`")));
        }
    }

    /** Like {@link #compile} but also requires a BOOLEAN result (filter predicates). */
    static Expression compilePredicate(String text, Schema schema, String path) {
        Expression e = compile(text, schema, path);
        if (e.type() != FieldType.BOOLEAN) {
            throw InvalidInputException.ofViolations(Errors.COMPONENT, "EXPRESSION_INVALID",
                    List.of(new FieldViolation(path, "column 1: a predicate must be BOOLEAN, `" + text + "` is "
                            + e.type() + "; compare it, e.g. `" + text + " > 0`")));
        }
        return e;
    }
}
