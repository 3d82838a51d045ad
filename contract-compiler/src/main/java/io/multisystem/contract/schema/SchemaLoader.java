package io.multisystem.contract.schema;

/** Loads a schema in either format: JSON when the text starts with '{', the human-readable format otherwise. */
public final class SchemaLoader {
    private SchemaLoader() {
    }

    public static Schema load(String name, String text) {
        String t = text.stripLeading();
        if (t.startsWith("{")) {
            return JsonSchemaParser.parse(name, text);
        }
        return SchemaParser.parse(name, text);
    }
}
