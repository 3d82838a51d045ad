package io.multisystem.contract.engine;

import io.multisystem.contract.eval.Interpreter;
import io.multisystem.contract.eval.PolicyEvaluator;
import io.multisystem.contract.jvm.JvmCompiler;
import io.multisystem.contract.lang.Policy;
import io.multisystem.contract.wasm.WasmPolicies;
import io.multisystem.core.error.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The evaluation back ends with one semantics. */
public enum Backend {
    INTERPRETER(Interpreter::new),
    JVM(JvmCompiler::compile),
    WASM(WasmPolicies::compile);

    private final Function<List<Policy>, PolicyEvaluator> factory;

    Backend(Function<List<Policy>, PolicyEvaluator> factory) {
        this.factory = factory;
    }

    public PolicyEvaluator build(List<Policy> policies) {
        return factory.apply(policies);
    }

    public Function<List<Policy>, PolicyEvaluator> factory() {
        return factory;
    }

    public static Backend parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("contract-compiler", "UNKNOWN_BACKEND",
                    "unknown backend `" + name + "`; use interpreter, jvm or wasm");
        }
    }
}
