package io.multisystem.symbolic.saturation;

import io.multisystem.symbolic.rewrite.Pattern;

import java.util.ArrayList;
import java.util.List;

/**
 * A pattern compiled for e-matching against one e-graph.
 *
 * <p>Design note (after egg's e-matching virtual machine, itself after de Moura and Bjørner, "Efficient E-matching
 * for SMT Solvers", CADE 2007). The pattern becomes a straight-line program over registers holding e-class ids;
 * register 0 holds the candidate root class. Instructions:
 * <ul>
 *   <li>{@code BIND r, op, out}: for each e-node of class r with operator op (a contiguous run of the class's sorted
 *       node list, found by binary search), load its children into registers out.., then continue; backtracks over
 *       the alternatives;</li>
 *   <li>{@code CHECK_LEAF r, op}: class r contains the nullary e-node op (a constant or symbol of the pattern);</li>
 *   <li>{@code COMPARE r, s}: a repeated variable, the two classes are equal.</li>
 * </ul>
 * Operators are interned ints, so no string is compared while matching. Candidate roots come from the e-graph's
 * operator index (every class for a variable-rooted pattern). Leaves and repeated variables of a node are checked
 * right after its BIND, before descending, to prune early. Requires a clean (rebuilt) e-graph, where class node
 * lists are canonical and sorted.
 */
final class CompiledPattern {
    private static final int BIND = 0;
    private static final int CHECK_LEAF = 1;
    private static final int COMPARE = 2;

    private final int[][] program;
    private final int registerCount;
    private final int[] variableRegisters;
    private final int rootOperator;

    private CompiledPattern(int[][] program, int registerCount, int[] variableRegisters, int rootOperator) {
        this.program = program;
        this.registerCount = registerCount;
        this.variableRegisters = variableRegisters;
        this.rootOperator = rootOperator;
    }

    /** Compiles a pattern; {@code variables} fixes the order of substitution entries. */
    static CompiledPattern compile(Pattern pattern, List<String> variables, OperatorTable operators) {
        Compiler compiler = new Compiler(variables, operators);
        int rootOperator = -1;
        if (pattern instanceof Pattern.Var var) {
            compiler.variable(var, 0);
        } else if (pattern instanceof Pattern.Leaf leaf) {
            rootOperator = operators.leaf(leaf.term());
        } else {
            Pattern.Node node = (Pattern.Node) pattern;
            rootOperator = operators.function(node.operator(), node.arguments().size());
            compiler.node(node, 0);
        }
        return new CompiledPattern(compiler.program.toArray(new int[0][]), compiler.nextRegister,
                compiler.variableRegisters, rootOperator);
    }

    private static final class Compiler {
        final List<int[]> program = new ArrayList<>();
        final List<String> variables;
        final OperatorTable operators;
        final int[] variableRegisters;
        int nextRegister = 1;

        Compiler(List<String> variables, OperatorTable operators) {
            this.variables = variables;
            this.operators = operators;
            this.variableRegisters = new int[variables.size()];
            java.util.Arrays.fill(variableRegisters, -1);
        }

        void variable(Pattern.Var var, int register) {
            int index = variables.indexOf(var.name());
            if (variableRegisters[index] < 0) {
                variableRegisters[index] = register;
            } else {
                program.add(new int[] {COMPARE, register, variableRegisters[index]});
            }
        }

        void node(Pattern.Node node, int register) {
            List<Pattern> arguments = node.arguments();
            int out = nextRegister;
            nextRegister += arguments.size();
            program.add(new int[] {BIND, register, operators.function(node.operator(), arguments.size()), out});
            for (int i = 0; i < arguments.size(); i++) {
                Pattern argument = arguments.get(i);
                if (argument instanceof Pattern.Leaf leaf) {
                    program.add(new int[] {CHECK_LEAF, out + i, operators.leaf(leaf.term())});
                } else if (argument instanceof Pattern.Var var) {
                    variable(var, out + i);
                }
            }
            for (int i = 0; i < arguments.size(); i++) {
                if (arguments.get(i) instanceof Pattern.Node child) {
                    node(child, out + i);
                }
            }
        }
    }

    /**
     * Finds matches in every candidate class, stopping once more than {@code limit} substitutions were found.
     *
     * @return the matches (at most {@code limit + 1})
     */
    Matches search(EGraph egraph, int limit) {
        Matches matches = new Matches();
        int[] candidates = rootOperator < 0 ? egraph.classIds() : egraph.classesWithOperator(rootOperator);
        int[] registers = new int[registerCount];
        for (int root : candidates) {
            registers[0] = root;
            if (!run(0, registers, egraph, root, matches, limit)) {
                break;
            }
        }
        return matches;
    }

    private boolean run(int pc, int[] registers, EGraph egraph, int root, Matches matches, int limit) {
        if (pc == program.length) {
            int[] substitution = new int[variableRegisters.length];
            for (int i = 0; i < substitution.length; i++) {
                substitution[i] = registers[variableRegisters[i]];
            }
            matches.add(root, substitution);
            return matches.size() <= limit;
        }
        int[] instruction = program[pc];
        switch (instruction[0]) {
            case BIND -> {
                List<ENode> nodes = egraph.eclass(registers[instruction[1]]).nodes;
                int op = instruction[2];
                int out = instruction[3];
                for (int i = firstWithOperator(nodes, op); i < nodes.size() && nodes.get(i).op == op; i++) {
                    int[] children = nodes.get(i).children;
                    System.arraycopy(children, 0, registers, out, children.length);
                    if (!run(pc + 1, registers, egraph, root, matches, limit)) {
                        return false;
                    }
                }
                return true;
            }
            case CHECK_LEAF -> {
                return !containsOperator(egraph.eclass(registers[instruction[1]]).nodes, instruction[2])
                        || run(pc + 1, registers, egraph, root, matches, limit);
            }
            default -> {
                return registers[instruction[1]] != registers[instruction[2]]
                        || run(pc + 1, registers, egraph, root, matches, limit);
            }
        }
    }

    private static boolean containsOperator(List<ENode> nodes, int op) {
        int i = firstWithOperator(nodes, op);
        return i < nodes.size() && nodes.get(i).op == op;
    }

    /** Index of the first node with operator >= op in a node list sorted by operator. */
    private static int firstWithOperator(List<ENode> nodes, int op) {
        int low = 0;
        int high = nodes.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (nodes.get(mid).op < op) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Substitutions found by a search, each with its root class. */
    static final class Matches {
        private final IntList roots = new IntList();
        private final List<int[]> substitutions = new ArrayList<>();

        void add(int root, int[] substitution) {
            roots.add(root);
            substitutions.add(substitution);
        }

        int size() {
            return roots.size();
        }

        int root(int index) {
            return roots.get(index);
        }

        int[] substitution(int index) {
            return substitutions.get(index);
        }

        static Matches empty() {
            return new Matches();
        }
    }
}
