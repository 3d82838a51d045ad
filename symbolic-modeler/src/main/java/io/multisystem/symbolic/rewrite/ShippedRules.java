package io.multisystem.symbolic.rewrite;

import io.multisystem.symbolic.expr.InputErrors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule sets shipped with the module, as rule files on the class path ({@code io/multisystem/symbolic/rules/}):
 * arithmetic, powers-logs, trigonometry, differentiation, integration, boolean. {@code simplify} uses
 * {@link #DEFAULT_SETS} unless told otherwise.
 */
public final class ShippedRules {
    /** Every shipped set, in load order. */
    public static final List<String> NAMES = List.of("arithmetic", "powers-logs", "trigonometry", "differentiation",
            "integration", "boolean");
    /** What simplification uses by default: every set. */
    public static final List<String> DEFAULT_SETS = NAMES;

    private static final Map<String, RuleSet> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private ShippedRules() {
    }

    /**
     * One shipped set.
     *
     * @throws io.multisystem.core.error.InvalidInputException UNKNOWN_RULE_SET naming the known sets
     */
    public static RuleSet load(String name) {
        if (!NAMES.contains(name)) {
            throw InputErrors.invalid("UNKNOWN_RULE_SET", "no shipped rule set '" + name + "'; choose from " + NAMES);
        }
        return CACHE.computeIfAbsent(name, n -> {
            try (InputStream in = ShippedRules.class.getResourceAsStream("/io/multisystem/symbolic/rules/" + n + ".rules")) {
                if (in == null) {
                    throw new IllegalStateException("rule set resource " + n + " missing from the class path");
                }
                return RuleFiles.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), n + ".rules");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The union of several shipped sets (rule names are unique across sets). */
    public static RuleSet combine(List<String> names) {
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (String name : names) {
            for (Rule rule : load(name).rules()) {
                rules.putIfAbsent(rule.name(), rule);
            }
        }
        return new RuleSet(new ArrayList<>(rules.values()));
    }
}
