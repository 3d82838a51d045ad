package io.multisystem.attestation.intoto;

import io.multisystem.attestation.AttestationComponent;
import io.multisystem.core.error.FieldViolation;
import io.multisystem.core.error.InvalidInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An in-toto Statement v1 ({@code https://in-toto.io/Statement/v1}): the subjects an attestation is about, the type of
 * its predicate, and the predicate itself. Carried in DSSE envelopes with payload type {@value #PAYLOAD_TYPE}.
 *
 * <h2>Validation</h2>
 * {@code _type} must be exactly {@value #TYPE}; {@code subject} a non-empty array; each subject has a string
 * {@code name} and a non-empty {@code digest} object whose keys are algorithm names ({@code sha256},
 * {@code gitCommit}, ...) and whose values are lowercase hex (of the exact length for sha256, sha384, sha512 and
 * sha1); {@code predicateType} a
 * non-empty string; {@code predicate}, when present, an object. Unknown top-level members are rejected (the
 * statement is signed, so nothing unsigned-looking may ride along unchecked). Every violation is reported at once.
 *
 * <p>Immutable and thread-safe; {@link #predicate()} returns a copy.
 */
public final class Statement {
    public static final String TYPE = "https://in-toto.io/Statement/v1";
    public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
    /** Error code for a statement that breaks the rules above. */
    public static final String INVALID = "STATEMENT_INVALID";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Pattern ALGORITHM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Pattern LOWER_HEX = Pattern.compile("([0-9a-f]{2})+");
    private static final Map<String, Integer> HEX_LENGTHS = Map.of(
            "sha256", 64, "sha384", 96, "sha512", 128, "sha1", 40);
    private static final List<String> MEMBERS = List.of("_type", "subject", "predicateType", "predicate");

    private final List<Subject> subjects;
    private final String predicateType;
    private final JsonNode predicate;

    private Statement(List<Subject> subjects, String predicateType, JsonNode predicate) {
        this.subjects = List.copyOf(subjects);
        this.predicateType = predicateType;
        this.predicate = predicate;
    }

    /**
     * A statement from its parts; {@code predicate} may be null (no predicate) or must be a JSON object.
     *
     * @throws InvalidInputException {@value #INVALID} listing every field at fault
     */
    public static Statement of(List<Subject> subjects, String predicateType, JsonNode predicate) {
        Objects.requireNonNull(subjects, "subjects");
        List<FieldViolation> violations = new ArrayList<>();
        if (subjects.isEmpty()) {
            violations.add(new FieldViolation("subject", "must list at least one subject"));
        }
        for (int i = 0; i < subjects.size(); i++) {
            checkDigest(subjects.get(i).digest(), "subject[" + i + "].digest", violations);
        }
        checkPredicateType(predicateType, violations);
        if (predicate != null && !predicate.isNull() && !predicate.isObject()) {
            violations.add(new FieldViolation("predicate", "must be a JSON object when present"));
        }
        throwIfAny(violations);
        JsonNode copy = predicate == null || predicate.isNull() ? null : predicate.deepCopy();
        return new Statement(subjects, predicateType, copy);
    }

    /** {@link #parse(byte[])} of a string. */
    public static Statement parse(String json) {
        return parse(Objects.requireNonNull(json, "json").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses and validates a statement from its UTF-8 JSON (a DSSE payload).
     *
     * @throws InvalidInputException {@value #INVALID} listing every field at fault, or naming the JSON syntax error
     */
    public static Statement parse(byte[] json) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidInputException(AttestationComponent.NAME, INVALID,
                    "the statement is not valid JSON: " + e.getOriginalMessage());
        }
        List<FieldViolation> violations = new ArrayList<>();
        if (root == null || !root.isObject()) {
            violations.add(new FieldViolation("$", "must be a JSON object"));
            throwIfAny(violations);
        }
        for (String member : root.propertyNames()) {
            if (!MEMBERS.contains(member)) {
                violations.add(new FieldViolation(member, "is not a member of an in-toto Statement v1; allowed: "
                        + String.join(", ", MEMBERS)));
            }
        }
        JsonNode type = root.get("_type");
        if (type == null || !type.isString() || !TYPE.equals(type.stringValue())) {
            violations.add(new FieldViolation("_type", "must be \"" + TYPE + "\""));
        }
        List<Subject> subjects = parseSubjects(root.get("subject"), violations);
        JsonNode predicateType = root.get("predicateType");
        String predicateTypeText = predicateType != null && predicateType.isString() ? predicateType.stringValue() : null;
        checkPredicateType(predicateTypeText, violations);
        JsonNode predicate = root.get("predicate");
        if (predicate != null && !predicate.isNull() && !predicate.isObject()) {
            violations.add(new FieldViolation("predicate", "must be a JSON object when present"));
        }
        throwIfAny(violations);
        return new Statement(subjects, predicateTypeText, predicate == null || predicate.isNull() ? null : predicate);
    }

    private static List<Subject> parseSubjects(JsonNode node, List<FieldViolation> violations) {
        List<Subject> subjects = new ArrayList<>();
        if (node == null || !node.isArray() || node.isEmpty()) {
            violations.add(new FieldViolation("subject", "must be a non-empty array of {name, digest}"));
            return subjects;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode subject = node.get(i);
            String path = "subject[" + i + "]";
            if (!subject.isObject()) {
                violations.add(new FieldViolation(path, "must be an object with name and digest"));
                continue;
            }
            JsonNode name = subject.get("name");
            if (name == null || !name.isString()) {
                violations.add(new FieldViolation(path + ".name", "is required and must be a string"));
            }
            JsonNode digest = subject.get("digest");
            Map<String, String> digests = new LinkedHashMap<>();
            if (digest == null || !digest.isObject()) {
                violations.add(new FieldViolation(path + ".digest", "must be an object of algorithm to hex digest"));
            } else {
                for (Map.Entry<String, JsonNode> entry : digest.properties()) {
                    if (entry.getValue().isString()) {
                        digests.put(entry.getKey(), entry.getValue().stringValue());
                    } else {
                        violations.add(new FieldViolation(path + ".digest." + entry.getKey(), "must be a string"));
                    }
                }
                checkDigest(digests, path + ".digest", violations);
            }
            subjects.add(new Subject(name != null && name.isString() ? name.stringValue() : "", digests));
        }
        return subjects;
    }

    private static void checkDigest(Map<String, String> digest, String path, List<FieldViolation> violations) {
        if (digest.isEmpty()) {
            violations.add(new FieldViolation(path, "must hold at least one algorithm and digest"));
        }
        for (Map.Entry<String, String> entry : digest.entrySet()) {
            String algorithm = entry.getKey();
            String value = entry.getValue();
            String field = path + "." + algorithm;
            Integer length = HEX_LENGTHS.get(algorithm);
            if (length == null && !ALGORITHM.matcher(algorithm).matches()) {
                violations.add(new FieldViolation(field, "algorithm names are letters, digits, '-' or '_'"));
            } else if (!LOWER_HEX.matcher(value).matches()) {
                violations.add(new FieldViolation(field, "must be lowercase hex"));
            } else if (length != null && value.length() != length) {
                violations.add(new FieldViolation(field, "must be " + length + " hex digits, was " + value.length()));
            }
        }
    }

    private static void checkPredicateType(String predicateType, List<FieldViolation> violations) {
        if (predicateType == null || predicateType.isBlank()) {
            violations.add(new FieldViolation("predicateType", "is required: a URI naming the predicate's schema"));
        }
    }

    private static void throwIfAny(List<FieldViolation> violations) {
        if (!violations.isEmpty()) {
            throw InvalidInputException.ofViolations(AttestationComponent.NAME, INVALID, violations);
        }
    }

    public List<Subject> subjects() {
        return subjects;
    }

    public String predicateType() {
        return predicateType;
    }

    /** A copy of the predicate object; empty when the statement has none. */
    public Optional<JsonNode> predicate() {
        return Optional.ofNullable(predicate).map(JsonNode::deepCopy);
    }

    /**
     * The statement as compact UTF-8 JSON, members in the order {@code _type, subject, predicateType, predicate}
     * and digests sorted by algorithm: {@code parse(toJson())} equals this statement.
     */
    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("_type", TYPE);
        ArrayNode subjectArray = root.putArray("subject");
        for (Subject subject : subjects) {
            ObjectNode node = subjectArray.addObject();
            node.put("name", subject.name());
            ObjectNode digest = node.putObject("digest");
            subject.digest().forEach(digest::put);
        }
        root.put("predicateType", predicateType);
        if (predicate != null) {
            root.set("predicate", predicate.deepCopy());
        }
        return JSON.writeValueAsBytes(root);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Statement that && subjects.equals(that.subjects)
                && predicateType.equals(that.predicateType) && Objects.equals(predicate, that.predicate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subjects, predicateType, predicate);
    }

    @Override
    public String toString() {
        return "Statement[predicateType=" + predicateType + ", subjects=" + subjects.size() + "]";
    }
}
