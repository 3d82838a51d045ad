package io.multisystem.symbolic.rewrite;

import io.multisystem.symbolic.expr.InputErrors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An ordered set of rules with distinct names. Immutable. */
public record RuleSet(List<Rule> rules) {
    /**
     * @throws io.multisystem.core.error.InvalidInputException {@code DUPLICATE_RULE} if two rules share a name
     */
    public RuleSet {
        rules = List.copyOf(rules);
        Map<String, Rule> byName = new LinkedHashMap<>();
        for (Rule rule : rules) {
            if (byName.putIfAbsent(rule.name(), rule) != null) {
                throw InputErrors.invalid("DUPLICATE_RULE", "two rules are named '" + rule.name() + "'; rename one");
            }
        }
    }

    public Optional<Rule> find(String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public int size() {
        return rules.size();
    }
}
