package io.multisystem.lattice.context;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.Validation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Conceptual scaling (Ganter &amp; Wille, ch. 1.3): turns a {@link ManyValuedContext} into a {@link FormalContext} by
 * replacing every many-valued attribute with the attributes of a scale. Scales offered:
 *
 * <ul>
 *   <li><b>nominal</b>: one attribute {@code a=v} per distinct value v (in order of first appearance);</li>
 *   <li><b>ordinal</b> (≤): thresholds t₁ &lt; … &lt; tₖ give attributes {@code a<=tᵢ}, held when the value ≤ tᵢ;
 *       {@link Builder#ordinalAtLeast} gives {@code a>=tᵢ} instead;</li>
 *   <li><b>interval</b>: bounds b₀ &lt; … &lt; bₖ give attributes {@code a in [bᵢ,bᵢ₊₁)}, the last one closed
 *       {@code [bₖ₋₁,bₖ]}; a value outside [b₀, bₖ] gets none of them.</li>
 * </ul>
 * Attributes without an explicit scale are scaled nominally. A missing value (empty cell) gets no scale attribute.
 * Scaled attributes appear in the order of the many-valued attributes. Immutable and thread-safe.
 */
public final class ConceptualScaling {
    /** Error code for scales that do not fit the data. */
    public static final String CODE = "SCALING_INVALID";

    private final Map<String, Scale> scales;

    private ConceptualScaling(Map<String, Scale> scales) {
        this.scales = scales;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Scales {@code context}.
     *
     * @throws InvalidInputException {@code SCALING_INVALID} if a scale names an attribute that does not exist, or a
     *                               numeric scale meets a value that is not a number (naming object and attribute)
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
            Scale scale = scales.getOrDefault(attribute, Scale.NOMINAL);
            if (scale.kind == Kind.NOMINAL) {
                Set<String> values = new LinkedHashSet<>();
                for (int g = 0; g < objectCount; g++) {
                    if (!context.value(g, m).isEmpty()) {
                        values.add(context.value(g, m));
                    }
                }
                for (String value : values) {
                    names.add(attribute + "=" + value);
                    boolean[] column = new boolean[objectCount];
                    for (int g = 0; g < objectCount; g++) {
                        column[g] = context.value(g, m).equals(value);
                    }
                    columns.add(column);
                }
                continue;
            }
            double[] numbers = numbers(context, m);
            double[] t = scale.points;
            int scaleAttributes = scale.kind == Kind.INTERVAL ? t.length - 1 : t.length;
            for (int i = 0; i < scaleAttributes; i++) {
                boolean[] column = new boolean[objectCount];
                for (int g = 0; g < objectCount; g++) {
                    double v = numbers[g];
                    if (Double.isNaN(v)) {
                        continue;
                    }
                    switch (scale.kind) {
                        case ORDINAL_AT_MOST:
                            column[g] = v <= t[i];
                            break;
                        case ORDINAL_AT_LEAST:
                            column[g] = v >= t[i];
                            break;
                        default:
                            column[g] = v >= t[i] && (i == scaleAttributes - 1 ? v <= t[i + 1] : v < t[i + 1]);
                    }
                }
                names.add(scaleAttributeName(attribute, scale.kind, t, i, scaleAttributes));
                columns.add(column);
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

    private static String scaleAttributeName(String attribute, Kind kind, double[] t, int i, int count) {
        switch (kind) {
            case ORDINAL_AT_MOST:
                return attribute + "<=" + number(t[i]);
            case ORDINAL_AT_LEAST:
                return attribute + ">=" + number(t[i]);
            default:
                return attribute + " in [" + number(t[i]) + "," + number(t[i + 1]) + (i == count - 1 ? "]" : ")");
        }
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

    private static String number(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private enum Kind { NOMINAL, ORDINAL_AT_MOST, ORDINAL_AT_LEAST, INTERVAL }

    private static final class Scale {
        static final Scale NOMINAL = new Scale(Kind.NOMINAL, new double[0]);
        final Kind kind;
        final double[] points;

        Scale(Kind kind, double[] points) {
            this.kind = kind;
            this.points = points;
        }
    }

    /** Chooses a scale per many-valued attribute. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Scale> scales = new LinkedHashMap<>();

        private Builder() {
        }

        /** One attribute {@code attribute=value} per distinct value. */
        public Builder nominal(String attribute) {
            scales.put(attribute, Scale.NOMINAL);
            return this;
        }

        /** Attributes {@code attribute<=t} per threshold. @throws InvalidInputException if thresholds are not increasing */
        public Builder ordinal(String attribute, double... thresholds) {
            scales.put(attribute, new Scale(Kind.ORDINAL_AT_MOST, increasing(attribute, thresholds, 1)));
            return this;
        }

        /** Attributes {@code attribute>=t} per threshold. @throws InvalidInputException if thresholds are not increasing */
        public Builder ordinalAtLeast(String attribute, double... thresholds) {
            scales.put(attribute, new Scale(Kind.ORDINAL_AT_LEAST, increasing(attribute, thresholds, 1)));
            return this;
        }

        /** Attributes {@code attribute in [b_i,b_i+1)}. @throws InvalidInputException unless ≥ 2 increasing bounds */
        public Builder interval(String attribute, double... bounds) {
            scales.put(attribute, new Scale(Kind.INTERVAL, increasing(attribute, bounds, 2)));
            return this;
        }

        public ConceptualScaling build() {
            return new ConceptualScaling(new LinkedHashMap<>(scales));
        }

        private static double[] increasing(String attribute, double[] points, int minimum) {
            if (points == null || points.length < minimum) {
                throw new InvalidInputException(FormalContext.COMPONENT, CODE, "scale of '" + attribute + "' needs at least "
                        + minimum + (minimum == 1 ? " threshold" : " bounds"));
            }
            for (int i = 0; i < points.length; i++) {
                if (!Double.isFinite(points[i]) || i > 0 && points[i] <= points[i - 1]) {
                    throw new InvalidInputException(FormalContext.COMPONENT, CODE, "scale of '" + attribute
                            + "' needs finite, strictly increasing points, got " + Arrays.toString(points));
                }
            }
            return points.clone();
        }
    }
}
