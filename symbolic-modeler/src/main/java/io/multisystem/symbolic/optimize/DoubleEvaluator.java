package io.multisystem.symbolic.optimize;

/**
 * The shape of an evaluator generated as JVM bytecode by {@link BytecodeCompiler}: one method from the variable
 * values (in the compiled expression's variable order) to the value. Implementations are stateless and thread-safe;
 * they do not check the array's length (the caller does).
 */
interface DoubleEvaluator {
    double eval(double[] vars);
}
