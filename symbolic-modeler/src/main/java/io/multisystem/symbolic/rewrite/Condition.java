package io.multisystem.symbolic.rewrite;

import java.util.List;
import java.util.Optional;

/**
 * A side condition of a rewrite rule, over the values of its pattern variables. The kinds are those of the egg-math
 * rule file; each engine decides them with what it knows (the e-graph from its e-class analysis, the proof checker
 * from the terms of a step alone).
 *
 * @param kind      what is required
 * @param variables the pattern variables it constrains (with '?'), as many as {@link Kind#arity()}
 */
public record Condition(Kind kind, List<String> variables) {
    public Condition {
        variables = List.copyOf(variables);
        if (variables.size() != kind.arity()) {
            throw new IllegalArgumentException(kind.keyword() + " takes " + kind.arity() + " variables");
        }
    }

    public enum Kind {
        /** {@code not-zero ?v}: ?v is not known (by constant folding) to be the constant 0. */
        NOT_ZERO("not-zero", 1),
        /** {@code const ?v}: ?v is known to be a constant. */
        CONST("const", 1),
        /** {@code sym ?v}: ?v is (equivalent to) a symbol. */
        SYM("sym", 1),
        /**
         * {@code const-or-distinct-var ?c ?x}: ?c is not equivalent to ?x, and ?c is a constant or (equivalent to) a
         * symbol.
         */
        CONST_OR_DISTINCT_VAR("const-or-distinct-var", 2);

        private final String keyword;
        private final int arity;

        Kind(String keyword, int arity) {
            this.keyword = keyword;
            this.arity = arity;
        }

        public String keyword() {
            return keyword;
        }

        public int arity() {
            return arity;
        }

        public static Optional<Kind> fromKeyword(String keyword) {
            for (Kind kind : values()) {
                if (kind.keyword.equals(keyword)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return kind.keyword() + " " + String.join(" ", variables);
    }
}
