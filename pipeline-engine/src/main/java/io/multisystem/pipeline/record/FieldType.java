package io.multisystem.pipeline.record;

/**
 * The type of one field of a {@link Schema}. Each type fixes the Java class a {@link Row} holds for it; {@code null}
 * is allowed for every type and means "absent".
 */
public enum FieldType {
    /** {@link String}. */
    STRING(String.class),
    /** {@link Long}. */
    LONG(Long.class),
    /** {@link Double}. */
    DOUBLE(Double.class),
    /** {@link Boolean}. */
    BOOLEAN(Boolean.class),
    /** Event or processing time as epoch milliseconds, held as {@link Long}. */
    TIMESTAMP(Long.class);

    private final Class<?> javaType;

    FieldType(Class<?> javaType) {
        this.javaType = javaType;
    }

    /** The Java class a value of this type has in a {@link Row}. */
    public Class<?> javaType() {
        return javaType;
    }

    /** Whether {@code value} (non-null) is acceptable for this type. */
    public boolean accepts(Object value) {
        return javaType.isInstance(value);
    }

    /**
     * Parses text (a CSV cell) into a value of this type; empty text is {@code null}.
     *
     * @throws IllegalArgumentException when the text is not a value of this type
     */
    public Object parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return switch (this) {
            case STRING -> text;
            case LONG, TIMESTAMP -> Long.parseLong(text.trim());
            case DOUBLE -> Double.parseDouble(text.trim());
            case BOOLEAN -> {
                String t = text.trim();
                if (t.equalsIgnoreCase("true")) {
                    yield Boolean.TRUE;
                }
                if (t.equalsIgnoreCase("false")) {
                    yield Boolean.FALSE;
                }
                throw new IllegalArgumentException("expected true or false, got '" + text + "'");
            }
        };
    }
}
