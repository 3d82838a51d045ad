package io.multisystem.contract.eval;

import io.multisystem.contract.lang.Policy;
import java.util.List;

/**
 * A back end: evaluates policy number {@code index} of its set against a request, returning an {@link Outcome} code,
 * or throwing {@link io.multisystem.contract.value.EvalException} when the policy's condition errors.
 */
public interface PolicyEvaluator {
    List<Policy> policies();

    int evaluate(int index, Request request, Entities entities);
}
