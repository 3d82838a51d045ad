package io.multisystem.symbolic.saturation;

import io.multisystem.symbolic.expr.Rational;
import io.multisystem.symbolic.rewrite.Condition;
import io.multisystem.symbolic.rewrite.Pattern;
import io.multisystem.symbolic.rewrite.Rule;

import java.util.ArrayList;
import java.util.List;

/**
 * A rule prepared for one e-graph: its left side compiled for e-matching, its right side as an instantiation
 * template, its conditions over variable indexes. Applying a match instantiates both sides from representative node
 * ids of the matched classes and unites them, justified by the rule and that substitution, so the explanation names
 * concrete terms. The representative of a class is its constant's leaf if it has one, else a symbol leaf if it has
 * one, else its root node: small, and exactly what the conditions speak about, so a proof checker deciding the
 * conditions on terms alone agrees with the e-graph.
 */
final class CompiledRule {
    private final Rule rule;
    private final String[] variables;
    private final CompiledPattern searcher;
    private final Template lhs;
    private final Template rhs;
    private final int[][] conditionVariables;
    private final boolean[] prefersSymbol;

    CompiledRule(Rule rule, OperatorTable operators) {
        this.rule = rule;
        List<String> names = new ArrayList<>(rule.lhs().variables());
        this.variables = names.toArray(new String[0]);
        this.searcher = CompiledPattern.compile(rule.lhs(), names, operators);
        this.lhs = Template.of(rule.lhs(), names, operators);
        this.rhs = Template.of(rule.rhs(), names, operators);
        this.conditionVariables = new int[rule.conditions().size()][];
        this.prefersSymbol = new boolean[names.size()];
        for (int c = 0; c < conditionVariables.length; c++) {
            Condition condition = rule.conditions().get(c);
            conditionVariables[c] = condition.variables().stream().mapToInt(names::indexOf).toArray();
            if (condition.kind() == Condition.Kind.SYM) {
                prefersSymbol[conditionVariables[c][0]] = true;
            }
        }
    }

    Rule rule() {
        return rule;
    }

    String[] variables() {
        return variables;
    }

    CompiledPattern searcher() {
        return searcher;
    }

    /** Whether all conditions hold for a substitution of class ids. */
    boolean conditionsHold(EGraph egraph, int[] substitution) {
        for (int c = 0; c < conditionVariables.length; c++) {
            int[] vars = conditionVariables[c];
            EGraph.EClass first = egraph.eclass(substitution[vars[0]]);
            boolean holds = switch (rule.conditions().get(c).kind()) {
                case NOT_ZERO -> first.constant == null || !first.constant.isZero();
                case CONST -> first.constant != null;
                case SYM -> first.symbolLeaf >= 0;
                case CONST_OR_DISTINCT_VAR -> egraph.find(substitution[vars[0]]) != egraph.find(substitution[vars[1]])
                        && (first.constant != null || first.symbolLeaf >= 0);
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    /**
     * Applies the rule to one match (conditions already checked).
     *
     * @return whether two classes were merged
     */
    boolean apply(EGraph egraph, int[] substitution) {
        int[] representatives = new int[substitution.length];
        for (int i = 0; i < substitution.length; i++) {
            representatives[i] = representative(egraph, substitution[i], prefersSymbol[i]);
        }
        int left = lhs.instantiate(egraph, representatives);
        int right = rhs.instantiate(egraph, representatives);
        return egraph.union(left, right, new Justification.RuleApplication(this, representatives));
    }

    private static int representative(EGraph egraph, int classId, boolean prefersSymbol) {
        EGraph.EClass eclass = egraph.eclass(classId);
        if (prefersSymbol && eclass.symbolLeaf >= 0) {
            return eclass.symbolLeaf;
        }
        Rational constant = eclass.constant;
        if (constant != null) {
            return egraph.leafOfConstant(constant);
        }
        if (eclass.symbolLeaf >= 0) {
            return eclass.symbolLeaf;
        }
        return eclass.id;
    }

    @Override
    public String toString() {
        return rule.toString();
    }

    /** A pattern prepared for instantiation: variables by index, operators interned. */
    private abstract static class Template {
        abstract int instantiate(EGraph egraph, int[] representatives);

        static Template of(Pattern pattern, List<String> variables, OperatorTable operators) {
            if (pattern instanceof Pattern.Var var) {
                int index = variables.indexOf(var.name());
                return new Template() {
                    @Override
                    int instantiate(EGraph egraph, int[] representatives) {
                        return representatives[index];
                    }
                };
            }
            if (pattern instanceof Pattern.Leaf leaf) {
                ENode node = ENode.leaf(operators.leaf(leaf.term()));
                return new Template() {
                    @Override
                    int instantiate(EGraph egraph, int[] representatives) {
                        return egraph.add(node);
                    }
                };
            }
            Pattern.Node node = (Pattern.Node) pattern;
            int op = operators.function(node.operator(), node.arguments().size());
            Template[] children = node.arguments().stream().map(p -> of(p, variables, operators))
                    .toArray(Template[]::new);
            return new Template() {
                @Override
                int instantiate(EGraph egraph, int[] representatives) {
                    int[] ids = new int[children.length];
                    for (int i = 0; i < ids.length; i++) {
                        ids[i] = children[i].instantiate(egraph, representatives);
                    }
                    return egraph.add(new ENode(op, ids));
                }
            };
        }
    }
}
