package io.multisystem.contract.engine;

import io.multisystem.contract.eval.PolicyEvaluator;
import io.multisystem.contract.lang.ParsedFile;
import io.multisystem.contract.lang.Policy;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A parsed contract source with its back ends built on first use. Id = hex SHA-256 of the source text. */
public final class Contract {
    private final String id;
    private final String name;
    private final ParsedFile file;
    private final List<Policy> policies;
    private final List<Policy> templates;
    private final Map<Backend, PolicyEvaluator> backends = new EnumMap<>(Backend.class);
    private final Map<Backend, PolicyEvaluator> guards = new EnumMap<>(Backend.class);
    /** One synthetic permit per rate limit with a {@code when} guard, so every back end can evaluate guards. */
    private final List<Policy> guardPolicies;

    Contract(String id, String name, ParsedFile file) {
        this.id = id;
        this.name = name;
        this.file = file;
        this.policies = file.policies().stream().filter(p -> !p.isTemplate()).toList();
        this.templates = file.policies().stream().filter(Policy::isTemplate).toList();
        this.guardPolicies = file.rateLimits().stream().filter(r -> r.when() != null)
                .map(r -> new Policy("rate_limit " + r.name(), Policy.Effect.PERMIT, Map.of(), Policy.Scope.ANY,
                        Policy.Scope.ANY, Policy.Scope.ANY, List.of(new Policy.Condition(true, r.when(), r.when().loc)), r.loc()))
                .toList();
    }

    /** Index of the guard of a rate limit in {@link #rateLimitGuards}, or -1 when it has none. */
    public int guardIndex(String rateLimitName) {
        for (int i = 0; i < guardPolicies.size(); i++) {
            if (guardPolicies.get(i).id().equals("rate_limit " + rateLimitName)) {
                return i;
            }
        }
        return -1;
    }

    /** The rate-limit guards compiled by back end {@code b} (built on first use). */
    public synchronized PolicyEvaluator rateLimitGuards(Backend b) {
        return guards.computeIfAbsent(b, k -> k.build(guardPolicies));
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public ParsedFile file() {
        return file;
    }

    public List<Policy> policies() {
        return policies;
    }

    public List<Policy> templates() {
        return templates;
    }

    public synchronized PolicyEvaluator backend(Backend b) {
        return backends.computeIfAbsent(b, k -> k.build(policies));
    }
}
