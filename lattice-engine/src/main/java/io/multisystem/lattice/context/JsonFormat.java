package io.multisystem.lattice.context;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.lattice.bits.IndexSet;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Contexts as JSON:
 *
 * <pre>{@code
 * {
 *   "objects":    ["frog", "reed"],
 *   "attributes": ["lives in water", "needs chlorophyll"],
 *   "intents":    [[0], [0, 1]]          // per object, the indices of its attributes
 * }
 * }</pre>
 *
 * Errors are {@link InvalidInputException} with code {@code JSON_INVALID}: syntax errors carry line and column,
 * shape errors the JSON path of the offending value (e.g. {@code intents[3][1]}). Stateless and thread-safe.
 */
public final class JsonFormat {
    /** Error code for malformed JSON contexts. */
    public static final String CODE = "JSON_INVALID";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonFormat() {
    }

    /** Parses a JSON context. @throws InvalidInputException {@code JSON_INVALID} if malformed */
    public static FormalContext parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json == null ? "" : json);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new InvalidInputException(FormalContext.COMPONENT, CODE, where + "not valid JSON: "
                    + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw shape("$", "expected a JSON object with 'objects', 'attributes' and 'intents'");
        }
        List<String> objects = names(root.get("objects"), "objects");
        List<String> attributes = names(root.get("attributes"), "attributes");
        JsonNode intents = root.get("intents");
        if (intents == null || !intents.isArray() || intents.size() != objects.size()) {
            throw shape("intents", "expected an array with one array of attribute indices per object ("
                    + objects.size() + ")");
        }
        FormalContext.Builder builder = FormalContext.builder(objects, attributes);
        for (int g = 0; g < intents.size(); g++) {
            JsonNode intent = intents.get(g);
            if (!intent.isArray()) {
                throw shape("intents[" + g + "]", "expected an array of attribute indices");
            }
            for (int k = 0; k < intent.size(); k++) {
                JsonNode m = intent.get(k);
                if (!m.isIntegralNumber() || !m.canConvertToInt() || m.intValue() < 0 || m.intValue() >= attributes.size()) {
                    throw shape("intents[" + g + "][" + k + "]", "expected an attribute index 0.."
                            + (attributes.size() - 1) + ", got " + m);
                }
                builder.add(g, m.intValue());
            }
        }
        return builder.build();
    }

    /** The context as pretty-printed JSON. */
    public static String format(FormalContext context) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode objects = root.putArray("objects");
        context.objects().forEach(objects::add);
        ArrayNode attributes = root.putArray("attributes");
        context.attributes().forEach(attributes::add);
        ArrayNode intents = root.putArray("intents");
        for (int g = 0; g < context.objectCount(); g++) {
            ArrayNode intent = intents.addArray();
            IndexSet set = context.objectIntent(g);
            set.forEach(intent::add);
        }
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static List<String> names(JsonNode node, String field) {
        if (node == null || !node.isArray()) {
            throw shape(field, "expected an array of names");
        }
        List<String> names = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isString()) {
                throw shape(field + "[" + i + "]", "expected a string, got " + node.get(i));
            }
            names.add(node.get(i).asString());
        }
        return names;
    }

    private static InvalidInputException shape(String path, String problem) {
        return new InvalidInputException(FormalContext.COMPONENT, CODE, path + ": " + problem);
    }
}
