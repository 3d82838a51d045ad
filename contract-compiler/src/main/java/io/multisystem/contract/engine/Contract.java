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

    Contract(String id, String name, ParsedFile file) {
        this.id = id;
        this.name = name;
        this.file = file;
        this.policies = file.policies().stream().filter(p -> !p.isTemplate()).toList();
        this.templates = file.policies().stream().filter(Policy::isTemplate).toList();
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
