package io.multisystem.symbolic.optimize;

import io.multisystem.symbolic.expr.InputErrors;
import io.multisystem.symbolic.expr.Rational;
import io.multisystem.symbolic.expr.Term;

import java.util.ArrayList;
import java.util.List;

/**
 * An expression compiled for fast repeated evaluation with doubles: JVM bytecode generated from a straight-line
 * register program, with the register program itself kept as the reference interpreter.
 *
 * <p>Design note: compilation walks the CSE'd {@link ExpressionDag} in topological order, so each shared subterm is
 * computed once; constants are folded into the initial register file, variables are loaded from the argument array
 * by position, and each operation is one instruction (opcode, two source registers, destination = its index). The
 * hot loop is a tight switch over int arrays with no allocation, which the JIT compiles well; integer powers become
 * repeated multiplication by squaring. {@link BytecodeCompiler} then turns the same program into a hidden class with
 * one straight-line {@code double eval(double[])} method (locals instead of a register array, no dispatch), which
 * {@link #evaluate} runs; {@link #interpret} runs the register program. Both perform the same IEEE-754 operations in
 * the same order. Programs beyond the JVM's method-size limit (tens of thousands of operations) are only
 * interpreted ({@link #isBytecode()} is false). An instance is immutable and thread-safe.
 */
public final class CompiledExpression {
    private static final int ADD = BytecodeCompiler.ADD, SUB = BytecodeCompiler.SUB, MUL = BytecodeCompiler.MUL,
            DIV = BytecodeCompiler.DIV, POW = BytecodeCompiler.POW, IPOW = BytecodeCompiler.IPOW,
            SIN = BytecodeCompiler.SIN, COS = BytecodeCompiler.COS, TAN = BytecodeCompiler.TAN,
            EXP = BytecodeCompiler.EXP, LN = BytecodeCompiler.LN, SQRT = BytecodeCompiler.SQRT,
            NEG = BytecodeCompiler.NEG;

    private final List<String> variables;
    private final double[] initial;
    private final int[] varRegister;
    private final int[] varSlot;
    private final int[] opcode;
    private final int[] left;
    private final int[] right;
    private final int[] dest;
    private final int result;
    private final DoubleEvaluator bytecode;

    private CompiledExpression(List<String> variables, double[] initial, int[] varRegister, int[] varSlot,
                               int[] opcode, int[] left, int[] right, int[] dest, int result, DoubleEvaluator bytecode) {
        this.variables = variables;
        this.initial = initial;
        this.varRegister = varRegister;
        this.varSlot = varSlot;
        this.opcode = opcode;
        this.left = left;
        this.right = right;
        this.dest = dest;
        this.result = result;
        this.bytecode = bytecode;
    }

    /**
     * Compiles an expression over the given variables (their order is the argument order of {@link #evaluate}).
     *
     * @throws io.multisystem.core.error.InvalidInputException NOT_COMPILABLE for an unknown function or a symbol not
     *     among the variables
     */
    public static CompiledExpression compile(Term term, List<String> variables) {
        ExpressionDag dag = ExpressionDag.of(term);
        List<ExpressionDag.Node> nodes = dag.nodes();
        double[] initial = new double[nodes.size()];
        boolean[] isConstant = new boolean[nodes.size()];
        List<Integer> varRegs = new ArrayList<>();
        List<Integer> varSlots = new ArrayList<>();
        List<int[]> code = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            ExpressionDag.Node node = nodes.get(i);
            if (node.isLeaf()) {
                if (node.leaf() instanceof Term.Num n) {
                    initial[i] = toDouble(n.value());
                    isConstant[i] = true;
                } else {
                    String name = ((Term.Sym) node.leaf()).name();
                    int slot = variables.indexOf(name);
                    if (slot < 0) {
                        throw InputErrors.invalid("NOT_COMPILABLE", "symbol " + name + " is not among the variables " + variables);
                    }
                    varRegs.add(i);
                    varSlots.add(slot);
                }
                continue;
            }
            int[] c = node.children();
            int op = switch (node.operator()) {
                case "+" -> ADD;
                case "-" -> c.length == 1 ? NEG : SUB;
                case "*" -> MUL;
                case "/" -> DIV;
                case "pow" -> isSmallInteger(nodes.get(c[1])) ? IPOW : POW;
                case "sin" -> SIN;
                case "cos" -> COS;
                case "tan" -> TAN;
                case "exp" -> EXP;
                case "ln" -> LN;
                case "sqrt" -> SQRT;
                default -> -1;
            };
            int expectedArity = op <= POW || op == IPOW ? 2 : 1;
            if (op < 0 || c.length != expectedArity) {
                throw InputErrors.invalid("NOT_COMPILABLE", "cannot compile " + node.operator() + " with " + c.length
                        + " argument(s); the evaluator knows + - * / pow sin cos tan exp ln sqrt");
            }
            int r = op == IPOW ? (int) initial[c[1]] : (c.length > 1 ? c[1] : 0);
            code.add(new int[]{op, c[0], r, i});
        }
        int[] opcode = new int[code.size()];
        int[] left = new int[code.size()];
        int[] right = new int[code.size()];
        int[] dest = new int[code.size()];
        for (int i = 0; i < code.size(); i++) {
            opcode[i] = code.get(i)[0];
            left[i] = code.get(i)[1];
            right[i] = code.get(i)[2];
            dest[i] = code.get(i)[3];
        }
        int[] varRegister = varRegs.stream().mapToInt(Integer::intValue).toArray();
        int[] varSlot = varSlots.stream().mapToInt(Integer::intValue).toArray();
        DoubleEvaluator bytecode = BytecodeCompiler.compile(initial, isConstant, varRegister, varSlot, opcode, left,
                right, dest, dag.root()).orElse(null);
        return new CompiledExpression(List.copyOf(variables), initial, varRegister, varSlot, opcode, left, right, dest,
                dag.root(), bytecode);
    }

    private static boolean isSmallInteger(ExpressionDag.Node node) {
        return node.isLeaf() && node.leaf() instanceof Term.Num n && n.value().isInteger()
                && n.value().numerator().abs().bitLength() < 31;
    }

    private static double toDouble(Rational r) {
        return new java.math.BigDecimal(r.numerator()).divide(new java.math.BigDecimal(r.denominator()),
                java.math.MathContext.DECIMAL64).doubleValue();
    }

    public List<String> variables() {
        return variables;
    }

    /** Number of instructions executed per evaluation. */
    public int instructions() {
        return opcode.length;
    }

    /** Whether {@link #evaluate} runs generated bytecode (false only for programs beyond the JVM's method limits). */
    public boolean isBytecode() {
        return bytecode != null;
    }

    /**
     * Evaluates at a point with the generated bytecode (the interpreter when there is none); {@code values[i]} is the
     * value of {@code variables().get(i)}. Allocation-free.
     *
     * @throws io.multisystem.core.error.InvalidInputException WRONG_ARITY when the number of values is wrong
     */
    public double evaluate(double... values) {
        checkArity(values);
        return bytecode != null ? bytecode.eval(values) : run(values);
    }

    /**
     * Evaluates at a point with the register interpreter (the reference semantics of {@link #evaluate}).
     *
     * @throws io.multisystem.core.error.InvalidInputException WRONG_ARITY when the number of values is wrong
     */
    public double interpret(double... values) {
        checkArity(values);
        return run(values);
    }

    private void checkArity(double[] values) {
        if (values.length != variables.size()) {
            throw InputErrors.invalid("WRONG_ARITY", "expected " + variables.size() + " values for " + variables
                    + ", got " + values.length);
        }
    }

    private double run(double[] values) {
        double[] reg = initial.clone();
        for (int i = 0; i < varRegister.length; i++) {
            reg[varRegister[i]] = values[varSlot[i]];
        }
        for (int pc = 0; pc < opcode.length; pc++) {
            double a = reg[left[pc]];
            double v;
            switch (opcode[pc]) {
                case ADD -> v = a + reg[right[pc]];
                case SUB -> v = a - reg[right[pc]];
                case MUL -> v = a * reg[right[pc]];
                case DIV -> v = a / reg[right[pc]];
                case POW -> v = Math.pow(a, reg[right[pc]]);
                case IPOW -> v = integerPower(a, right[pc]);
                case SIN -> v = Math.sin(a);
                case COS -> v = Math.cos(a);
                case TAN -> v = Math.tan(a);
                case EXP -> v = Math.exp(a);
                case LN -> v = Math.log(a);
                case SQRT -> v = Math.sqrt(a);
                default -> v = -a;
            }
            reg[dest[pc]] = v;
        }
        return reg[result];
    }

    private static double integerPower(double base, int n) {
        boolean negative = n < 0;
        long e = Math.abs((long) n);
        double result = 1;
        double b = base;
        while (e > 0) {
            if ((e & 1) == 1) {
                result *= b;
            }
            b *= b;
            e >>= 1;
        }
        return negative ? 1 / result : result;
    }
}
