package io.multisystem.symbolic.proof;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.symbolic.expr.InputErrors;
import io.multisystem.symbolic.expr.SExpressions;
import io.multisystem.symbolic.expr.Term;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stable JSON form of a {@link Proof}; terms are written as S-expressions:
 *
 * <pre>
 * {"start": "(d x x)", "goal": "1",
 *  "steps": [{"kind": "REWRITE", "rule": "d-variable", "direction": "FORWARD", "position": [],
 *             "substitution": {"?x": "x"}, "term": "1"}]}
 * </pre>
 *
 * {@code kind} is {@code REWRITE}, {@code CONSTANT_FOLD} (rule {@code "constant-fold"}, empty substitution) or
 * {@code CANONICALIZE} (rule {@code canonical-add}, {@code -subtract}, {@code -multiply}, {@code -divide},
 * {@code -power}; empty substitution), {@code direction} {@code FORWARD} (left to right) or {@code BACKWARD};
 * {@code position} lists 0-based argument indexes from the root; {@code term} is the whole term after the step;
 * {@code before} and {@code after} (written for the reader, ignored on reading: the checker recomputes them) are
 * the replaced subterm and its replacement. Thread-safe.
 */
public final class ProofJson {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ProofJson() {
    }

    public static String write(Proof proof) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("start", SExpressions.print(proof.start()));
        root.put("goal", SExpressions.print(proof.goal()));
        ArrayNode steps = root.putArray("steps");
        for (int k = 0; k < proof.steps().size(); k++) {
            ProofStep step = proof.steps().get(k);
            ObjectNode node = steps.addObject();
            node.put("kind", step.kind().name());
            node.put("rule", step.rule());
            node.put("direction", step.direction().name());
            ArrayNode position = node.putArray("position");
            step.position().forEach(position::add);
            ObjectNode substitution = node.putObject("substitution");
            step.substitution().forEach((variable, term) -> substitution.put(variable, SExpressions.print(term)));
            node.put("term", SExpressions.print(step.term()));
            if (proof.termBefore(k).hasPosition(step.position())) {
                node.put("before", SExpressions.print(proof.replacedSubterm(k)));
            }
            if (step.term().hasPosition(step.position())) {
                node.put("after", SExpressions.print(proof.replacementSubterm(k)));
            }
        }
        return MAPPER.writeValueAsString(root);
    }

    /**
     * @throws InvalidInputException {@code INVALID_PROOF_JSON} naming the missing or malformed field, or
     *     {@code PARSE_ERROR} for a malformed term
     */
    public static Proof read(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw InputErrors.invalid("INVALID_PROOF_JSON", "the proof is not valid JSON: " + e.getOriginalMessage());
        }
        Term start = term(root, "start");
        Term goal = term(root, "goal");
        JsonNode stepsNode = root.get("steps");
        if (stepsNode == null || !stepsNode.isArray()) {
            throw InputErrors.invalid("INVALID_PROOF_JSON", "field 'steps' must be an array");
        }
        List<ProofStep> steps = new ArrayList<>();
        for (JsonNode node : stepsNode) {
            ProofStep.Kind kind = enumValue(ProofStep.Kind.class, node, "kind");
            ProofStep.Direction direction = enumValue(ProofStep.Direction.class, node, "direction");
            List<Integer> position = new ArrayList<>();
            JsonNode positionNode = node.get("position");
            if (positionNode == null || !positionNode.isArray()) {
                throw InputErrors.invalid("INVALID_PROOF_JSON", "field 'position' must be an array of integers");
            }
            for (JsonNode index : positionNode) {
                if (!index.isInt()) {
                    throw InputErrors.invalid("INVALID_PROOF_JSON", "field 'position' must be an array of integers");
                }
                position.add(index.intValue());
            }
            Map<String, Term> substitution = new LinkedHashMap<>();
            JsonNode substitutionNode = node.get("substitution");
            if (substitutionNode != null && substitutionNode.isObject()) {
                for (Map.Entry<String, JsonNode> entry : substitutionNode.properties()) {
                    substitution.put(entry.getKey(), SExpressions.parse(text(entry.getValue(), entry.getKey())));
                }
            }
            steps.add(new ProofStep(kind, text(node.get("rule"), "rule"), direction, position, substitution,
                    term(node, "term")));
        }
        return new Proof(start, goal, steps);
    }

    private static Term term(JsonNode parent, String field) {
        return SExpressions.parse(text(parent.get(field), field));
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.isString()) {
            throw InputErrors.invalid("INVALID_PROOF_JSON", "field '" + field + "' must be a string");
        }
        return node.stringValue();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, JsonNode parent, String field) {
        String value = text(parent.get(field), field);
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw InputErrors.invalid("INVALID_PROOF_JSON", "field '" + field + "' has unknown value '" + value + "'");
        }
    }
}
