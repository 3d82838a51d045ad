package io.multisystem.lattice.context;

import io.multisystem.core.error.InvalidInputException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one many-valued attribute is scaled (Ganter &amp; Wille, ch. 1.3); validated on construction so that a bad
 * definition is refused before any data is touched.
 *
 * <ul>
 *   <li>{@code NOMINAL}: one attribute {@code a=v} per value; with {@code values} given, exactly those (in that order)
 *       and any other value in the data is an error; without, the distinct values in order of first appearance.</li>
 *   <li>{@code ORDINAL} (≤): thresholds t₁ &lt; … &lt; tₖ give {@code a<=tᵢ}, held when the value ≤ tᵢ.</li>
 *   <li>{@code ORDINAL_AT_LEAST} (≥): {@code a>=tᵢ}, held when the value ≥ tᵢ.</li>
 *   <li>{@code INTERORDINAL}: both, {@code a<=tᵢ} for every threshold and then {@code a>=tᵢ} for every threshold; its
 *       concepts are the intervals between thresholds.</li>
 *   <li>{@code BIORDINAL}: lower thresholds l₁ &lt; … &lt; lₚ give {@code a<=lᵢ} and upper thresholds u₁ &lt; … &lt; u_q,
 *       all above the lower ones, give {@code a>=uⱼ} (for scales with a "low" and a "high" end, e.g. cold / hot).</li>
 *   <li>{@code INTERVAL}: bounds b₀ &lt; … &lt; bₖ give {@code a in [bᵢ,bᵢ₊₁)}, the last one closed.</li>
 * </ul>
 *
 * <p>Text form (CLI {@code --scale}): {@code ATTRIBUTE=KIND[:ARGS]} where KIND is {@code nominal}, {@code ordinal},
 * {@code ordinal-at-least}, {@code interordinal}, {@code biordinal} or {@code interval}; ARGS are comma-separated
 * numbers (values for nominal), and for biordinal {@code LOWER|UPPER}, e.g. {@code temp=biordinal:5,10|25,30}. The
 * attribute is everything before the last {@code =KIND}. Immutable.
 *
 * @param attribute   the many-valued attribute
 * @param kind        the scale
 * @param points      thresholds (ordinal kinds), lower thresholds (biordinal) or bounds (interval)
 * @param upperPoints upper thresholds (biordinal only)
 * @param values      the values of a nominal scale (empty: those in the data)
 */
public record ScaleDefinition(String attribute, Kind kind, double[] points, double[] upperPoints, List<String> values) {
    private static final Pattern TEXT = Pattern.compile(
            "^(.+)=(nominal|ordinal|ordinal-at-least|interordinal|biordinal|interval)(?::(.*))?$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** The kinds of scale. */
    public enum Kind { NOMINAL, ORDINAL, ORDINAL_AT_LEAST, INTERORDINAL, BIORDINAL, INTERVAL }

    /** @throws InvalidInputException {@code SCALING_INVALID} naming the attribute and what to fix */
    public ScaleDefinition {
        if (attribute == null || attribute.isBlank()) {
            throw invalid("a scale needs the name of the many-valued attribute it scales");
        }
        if (kind == null) {
            throw invalid("scale of '" + attribute + "' needs a kind: nominal, ordinal, ordinal-at-least,"
                    + " interordinal, biordinal or interval");
        }
        points = points == null ? new double[0] : points.clone();
        upperPoints = upperPoints == null ? new double[0] : upperPoints.clone();
        values = values == null ? List.of() : List.copyOf(values);
        String name = kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
        if (kind == Kind.NOMINAL) {
            if (points.length > 0 || upperPoints.length > 0) {
                throw invalid("nominal scale of '" + attribute + "' takes values, not numeric points");
            }
            if (values.stream().anyMatch(v -> v == null || v.isBlank())
                    || values.stream().distinct().count() != values.size()) {
                throw invalid("nominal scale of '" + attribute + "' needs distinct, non-empty values, got " + values);
            }
        } else {
            if (!values.isEmpty()) {
                throw invalid(name + " scale of '" + attribute + "' takes numeric points, not values " + values);
            }
            if (kind != Kind.BIORDINAL && upperPoints.length > 0) {
                throw invalid(name + " scale of '" + attribute + "' has no upper thresholds (only biordinal has)");
            }
            int minimum = kind == Kind.INTERVAL ? 2 : kind == Kind.BIORDINAL ? 0 : 1;
            if (points.length < minimum) {
                throw invalid(name + " scale of '" + attribute + "' needs at least " + minimum
                        + (kind == Kind.INTERVAL ? " bounds" : " threshold"));
            }
            increasing(name, attribute, points);
            increasing(name, attribute, upperPoints);
            if (kind == Kind.BIORDINAL) {
                if (points.length + upperPoints.length == 0) {
                    throw invalid("biordinal scale of '" + attribute + "' needs at least one threshold (LOWER|UPPER)");
                }
                if (points.length > 0 && upperPoints.length > 0 && points[points.length - 1] >= upperPoints[0]) {
                    throw invalid("biordinal scale of '" + attribute + "': every lower threshold must be below every"
                            + " upper one, got " + Arrays.toString(points) + " | " + Arrays.toString(upperPoints));
                }
            }
        }
    }

    public static ScaleDefinition nominal(String attribute, String... values) {
        return new ScaleDefinition(attribute, Kind.NOMINAL, null, null, List.of(values));
    }

    public static ScaleDefinition of(String attribute, Kind kind, double... points) {
        return new ScaleDefinition(attribute, kind, points, null, null);
    }

    public static ScaleDefinition biordinal(String attribute, double[] lower, double[] upper) {
        return new ScaleDefinition(attribute, Kind.BIORDINAL, lower, upper, null);
    }

    /**
     * Parses the text form {@code ATTRIBUTE=KIND[:ARGS]}.
     *
     * @throws InvalidInputException {@code SCALING_INVALID} saying what is wrong with the text
     */
    public static ScaleDefinition parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw invalid("scale '" + text + "' is not ATTRIBUTE=KIND[:ARGS] with KIND one of nominal, ordinal,"
                    + " ordinal-at-least, interordinal, biordinal, interval (e.g. age=ordinal:18,65)");
        }
        String attribute = m.group(1).strip();
        Kind kind = Kind.valueOf(m.group(2).toUpperCase(Locale.ROOT).replace('-', '_'));
        String args = m.group(3) == null ? "" : m.group(3).strip();
        if (kind == Kind.NOMINAL) {
            List<String> values = new ArrayList<>();
            if (!args.isEmpty()) {
                for (String v : args.split(",", -1)) {
                    values.add(v.strip());
                }
            }
            return new ScaleDefinition(attribute, kind, null, null, values);
        }
        if (kind == Kind.BIORDINAL) {
            int bar = args.indexOf('|');
            if (bar < 0) {
                throw invalid("biordinal scale of '" + attribute + "' is written LOWER|UPPER, e.g. "
                        + attribute + "=biordinal:5,10|25,30 (either side may be empty)");
            }
            return new ScaleDefinition(attribute, kind, numbers(attribute, args.substring(0, bar)),
                    numbers(attribute, args.substring(bar + 1)), null);
        }
        return new ScaleDefinition(attribute, kind, numbers(attribute, args), null, null);
    }

    /** The text form, as {@link #parse} reads it. */
    public String text() {
        String name = kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
        String args = switch (kind) {
            case NOMINAL -> String.join(",", values);
            case BIORDINAL -> join(points) + "|" + join(upperPoints);
            default -> join(points);
        };
        return attribute + "=" + name + (args.isEmpty() ? "" : ":" + args);
    }

    private static String join(double[] xs) {
        StringBuilder out = new StringBuilder();
        for (double x : xs) {
            out.append(out.length() == 0 ? "" : ",").append(ConceptualScaling.number(x));
        }
        return out.toString();
    }

    private static double[] numbers(String attribute, String list) {
        if (list.isBlank()) {
            return new double[0];
        }
        String[] parts = list.split(",", -1);
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw invalid("scale of '" + attribute + "': '" + parts[i].strip() + "' is not a number");
            }
        }
        return out;
    }

    private static void increasing(String kind, String attribute, double[] points) {
        for (int i = 0; i < points.length; i++) {
            if (!Double.isFinite(points[i]) || i > 0 && points[i] <= points[i - 1]) {
                throw invalid(kind + " scale of '" + attribute + "' needs finite, strictly increasing points, got "
                        + Arrays.toString(points));
            }
        }
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException(FormalContext.COMPONENT, ConceptualScaling.CODE, message);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScaleDefinition s && attribute.equals(s.attribute) && kind == s.kind
                && Arrays.equals(points, s.points) && Arrays.equals(upperPoints, s.upperPoints)
                && values.equals(s.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(attribute, kind, Arrays.hashCode(points), Arrays.hashCode(upperPoints), values);
    }

    @Override
    public String toString() {
        return text();
    }

    @Override
    public double[] points() {
        return points.clone();
    }

    @Override
    public double[] upperPoints() {
        return upperPoints.clone();
    }
}
