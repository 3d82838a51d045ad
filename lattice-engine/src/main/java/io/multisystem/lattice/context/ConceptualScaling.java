package io.multisystem.lattice.context;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.Validation;
import io.multisystem.lattice.context.ScaleDefinition.Kind;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoublePredicate;

/**
 * Conceptual scaling (Ganter &amp; Wille, ch. 1.3): turns a {@link ManyValuedContext} into a {@link FormalContext} by
 * replacing every many-valued attribute with the attributes of a scale (plain scaling: each scale attribute is a
 * predicate on the attribute's value). Scales offered, see {@link ScaleDefinition}: nominal, ordinal (≤ and ≥),
 * interordinal, biordinal and interval.
 *
 * <p>Attributes without an explicit scale are scaled nominally. A missing value (empty cell) gets no scale attribute.
 * Scaled attributes appear in the order of the many-valued attributes. Everything is checked before the result is
 * built: a scale for an attribute that does not exist, two scales for one attribute, a value that is not a number
 * under a numeric scale, a value outside a nominal scale's value list. Immutable and thread-safe.
 */
public final class ConceptualScaling {
    /** Error code for scales that are malformed or do not fit the data. */
    public static final String CODE = "SCALING_INVALID";

    private final Map<String, ScaleDefinition> scales;

    private ConceptualScaling(Map<String, ScaleDefinition> scales) {
        this.scales = scales;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** @throws InvalidInputException {@code SCALING_INVALID} if two definitions name the same attribute */
    public static ConceptualScaling of(List<ScaleDefinition> definitions) {
        Builder b = builder();
        definitions.forEach(b::add);
        return b.build();
    }

    /** The definitions, in the order given. */
    public List<ScaleDefinition> definitions() {
        return List.copyOf(scales.values());
    }

    /**
     * Scales {@code context}.
     *
     * @throws InvalidInputException {@code SCALING_INVALID} if a scale names an attribute that does not exist, or a
     *                               value does not fit its scale (naming object, attribute and value)
     */
    public FormalContext apply(ManyValuedContext context) {
        Validation validation = Validation.of(FormalContext.COMPONENT);
        for (String name : scales.keySet()) {
            validation.require(context.attributeIndex(name) >= 0, name,
                    "no such attribute in the many-valued context; attributes are " + context.attributes());
        }
        validation.throwIfInvalid();
        int objectCount = context.objects().size();
        List<String> names = new ArrayList<>();
        List<boolean[]> columns = new ArrayList<>();
        for (int m = 0; m < context.attributes().size(); m++) {
            String attribute = context.attributes().get(m);
            ScaleDefinition scale = scales.get(attribute);
            if (scale == null || scale.kind() == Kind.NOMINAL) {
                nominal(context, m, scale == null ? List.of() : scale.values(), names, columns);
                continue;
            }
            double[] numbers = numbers(context, m);
            double[] t = scale.points();
            switch (scale.kind()) {
                case ORDINAL -> atMost(attribute, t, numbers, names, columns);
                case ORDINAL_AT_LEAST -> atLeast(attribute, t, numbers, names, columns);
                case INTERORDINAL -> {
                    atMost(attribute, t, numbers, names, columns);
                    atLeast(attribute, t, numbers, names, columns);
                }
                case BIORDINAL -> {
                    atMost(attribute, t, numbers, names, columns);
                    atLeast(attribute, scale.upperPoints(), numbers, names, columns);
                }
                default -> {
                    for (int i = 0; i < t.length - 1; i++) {
                        boolean last = i == t.length - 2;
                        double lo = t[i];
                        double hi = t[i + 1];
                        add(names, columns, numbers, attribute + " in [" + number(lo) + "," + number(hi)
                                + (last ? "]" : ")"), v -> v >= lo && (last ? v <= hi : v < hi));
                    }
                }
            }
        }
        FormalContext.Builder builder = FormalContext.builder(context.objects(), names);
        for (int n = 0; n < columns.size(); n++) {
            boolean[] column = columns.get(n);
            for (int g = 0; g < objectCount; g++) {
                if (column[g]) {
                    builder.add(g, n);
                }
            }
        }
        return builder.build();
    }

    private static void nominal(ManyValuedContext context, int m, List<String> declared, List<String> names,
                                List<boolean[]> columns) {
        int objectCount = context.objects().size();
        String attribute = context.attributes().get(m);
        Set<String> values = new LinkedHashSet<>(declared);
        for (int g = 0; g < objectCount; g++) {
            String v = context.value(g, m);
            if (v.isEmpty()) {
                continue;
            }
            if (!declared.isEmpty() && !values.contains(v)) {
                throw new InvalidInputException(FormalContext.COMPONENT, CODE, "object '" + context.objects().get(g)
                        + "', attribute '" + attribute + "': value '" + v + "' is not one of the nominal scale's values "
                        + declared + "; add it to the scale or fix the value");
            }
            values.add(v);
        }
        for (String value : values) {
            names.add(attribute + "=" + value);
            boolean[] column = new boolean[objectCount];
            for (int g = 0; g < objectCount; g++) {
                column[g] = context.value(g, m).equals(value);
            }
            columns.add(column);
        }
    }

    private static void atMost(String attribute, double[] t, double[] numbers, List<String> names,
                               List<boolean[]> columns) {
        for (double threshold : t) {
            add(names, columns, numbers, attribute + "<=" + number(threshold), v -> v <= threshold);
        }
    }

    private static void atLeast(String attribute, double[] t, double[] numbers, List<String> names,
                                List<boolean[]> columns) {
        for (double threshold : t) {
            add(names, columns, numbers, attribute + ">=" + number(threshold), v -> v >= threshold);
        }
    }

    private static void add(List<String> names, List<boolean[]> columns, double[] numbers, String name,
                            DoublePredicate holds) {
        boolean[] column = new boolean[numbers.length];
        for (int g = 0; g < numbers.length; g++) {
            column[g] = !Double.isNaN(numbers[g]) && holds.test(numbers[g]);
        }
        names.add(name);
        columns.add(column);
    }

    private static double[] numbers(ManyValuedContext context, int m) {
        double[] out = new double[context.objects().size()];
        for (int g = 0; g < out.length; g++) {
            String value = context.value(g, m);
            if (value.isEmpty()) {
                out[g] = Double.NaN;
                continue;
            }
            try {
                out[g] = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                out[g] = Double.NaN;
            }
            if (Double.isNaN(out[g]) || Double.isInfinite(out[g])) {
                throw new InvalidInputException(FormalContext.COMPONENT, CODE, "object '" + context.objects().get(g)
                        + "', attribute '" + context.attributes().get(m) + "': value '" + value
                        + "' is not a finite number; fix the value or scale the attribute nominally");
            }
        }
        return out;
    }

    static String number(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** Chooses a scale per many-valued attribute. Not thread-safe. */
    public static final class Builder {
        private final Map<String, ScaleDefinition> scales = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds a definition. @throws InvalidInputException {@code SCALING_INVALID} if its attribute already has one */
        public Builder add(ScaleDefinition definition) {
            if (scales.putIfAbsent(definition.attribute(), definition) != null) {
                throw new InvalidInputException(FormalContext.COMPONENT, CODE, "attribute '" + definition.attribute()
                        + "' is scaled twice (" + scales.get(definition.attribute()) + " and " + definition
                        + "); give one scale per attribute");
            }
            return this;
        }

        /** One attribute {@code attribute=value} per distinct value. */
        public Builder nominal(String attribute) {
            return add(ScaleDefinition.nominal(attribute));
        }

        /** Attributes {@code attribute<=t} per threshold. @throws InvalidInputException if thresholds are not increasing */
        public Builder ordinal(String attribute, double... thresholds) {
            return add(ScaleDefinition.of(attribute, Kind.ORDINAL, thresholds));
        }

        /** Attributes {@code attribute>=t} per threshold. @throws InvalidInputException if thresholds are not increasing */
        public Builder ordinalAtLeast(String attribute, double... thresholds) {
            return add(ScaleDefinition.of(attribute, Kind.ORDINAL_AT_LEAST, thresholds));
        }

        /** Attributes {@code attribute<=t} and then {@code attribute>=t} per threshold. */
        public Builder interordinal(String attribute, double... thresholds) {
            return add(ScaleDefinition.of(attribute, Kind.INTERORDINAL, thresholds));
        }

        /** Attributes {@code attribute<=l} per lower and {@code attribute>=u} per upper threshold. */
        public Builder biordinal(String attribute, double[] lower, double[] upper) {
            return add(ScaleDefinition.biordinal(attribute, lower, upper));
        }

        /** Attributes {@code attribute in [b_i,b_i+1)}. @throws InvalidInputException unless ≥ 2 increasing bounds */
        public Builder interval(String attribute, double... bounds) {
            return add(ScaleDefinition.of(attribute, Kind.INTERVAL, bounds));
        }

        public ConceptualScaling build() {
            return new ConceptualScaling(new LinkedHashMap<>(scales));
        }
    }
}
