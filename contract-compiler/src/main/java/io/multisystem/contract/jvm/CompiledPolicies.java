package io.multisystem.contract.jvm;

import io.multisystem.contract.eval.Entities;
import io.multisystem.contract.eval.Request;

/** Implemented by generated classes: evaluates policy {@code index}, returning an Outcome code. */
public interface CompiledPolicies {
    int eval(int index, Request request, Entities entities);
}
