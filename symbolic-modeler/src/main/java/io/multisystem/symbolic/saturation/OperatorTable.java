package io.multisystem.symbolic.saturation;

import io.multisystem.symbolic.expr.Rational;
import io.multisystem.symbolic.expr.Term;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Interns e-node operators as small ints: every constant and every symbol is its own nullary operator, and a
 * function operator is identified by name and arity. E-nodes then compare by int, never by string. Not thread-safe.
 */
final class OperatorTable {
    private record Key(Object value, int arity) {
    }

    private record SymbolName(String name) {
    }

    private final Map<Key, Integer> ids = new HashMap<>();
    private final List<Object> values = new ArrayList<>();
    private final List<Term> leafTerms = new ArrayList<>();

    int number(Rational value) {
        return intern(new Key(value, 0));
    }

    int symbol(String name) {
        return intern(new Key(new SymbolName(name), 0));
    }

    int function(String name, int arity) {
        return intern(new Key(name, arity));
    }

    /** The operator of a leaf term (constant or symbol), interning it. */
    int leaf(Term leaf) {
        if (leaf instanceof Term.Num num) {
            return number(num.value());
        }
        return symbol(((Term.Sym) leaf).name());
    }

    private int intern(Key key) {
        Integer id = ids.get(key);
        if (id != null) {
            return id;
        }
        int next = values.size();
        ids.put(key, next);
        values.add(key.value());
        if (key.value() instanceof Rational r) {
            leafTerms.add(new Term.Num(r));
        } else if (key.value() instanceof SymbolName s) {
            leafTerms.add(new Term.Sym(s.name()));
        } else {
            leafTerms.add(null);
        }
        return next;
    }

    boolean isSymbol(int op) {
        return values.get(op) instanceof SymbolName;
    }

    /** The constant of a number operator, or null. */
    Rational numberValue(int op) {
        return values.get(op) instanceof Rational r ? r : null;
    }

    /** The leaf term of a nullary operator, or null for a function. */
    Term leafTerm(int op) {
        return leafTerms.get(op);
    }

    /** The name of a function operator. */
    String functionName(int op) {
        return (String) values.get(op);
    }

    /** The term an e-node stands for, with each child class rendered by {@code childTerm}. */
    Term term(ENode node, IntFunction<Term> childTerm) {
        if (node.isLeaf()) {
            return leafTerm(node.op);
        }
        List<Term> arguments = new ArrayList<>(node.children.length);
        for (int child : node.children) {
            arguments.add(childTerm.apply(child));
        }
        return Term.app(functionName(node.op), arguments);
    }
}
