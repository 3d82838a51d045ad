package io.multisystem.pipeline.synthetic;

import java.util.Arrays;

/** One column of a {@link Table}: numbers (NaN = missing) or categories (null = missing). */
public sealed interface Column permits Column.Numeric, Column.Categorical {
    String name();

    int size();

    boolean isMissing(int row);

    /** The value as text, for CSV output and messages; empty when missing. */
    String text(int row);

    /** A numeric column; {@code integral} when every present value is a whole number (it is then written without .0). */
    record Numeric(String name, double[] values, boolean integral) implements Column {
        public static Numeric of(String name, double[] values) {
            boolean integral = Arrays.stream(values).filter(v -> !Double.isNaN(v)).allMatch(v -> v == Math.rint(v)
                    && Math.abs(v) < 1e15);
            return new Numeric(name, values, integral);
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public boolean isMissing(int row) {
            return Double.isNaN(values[row]);
        }

        @Override
        public String text(int row) {
            double v = values[row];
            if (Double.isNaN(v)) {
                return "";
            }
            return integral ? Long.toString((long) v) : Double.toString(v);
        }

        /** The present values, sorted ascending. */
        public double[] sortedPresent() {
            return Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        }
    }

    /** A categorical column. */
    record Categorical(String name, String[] values) implements Column {
        @Override
        public int size() {
            return values.length;
        }

        @Override
        public boolean isMissing(int row) {
            return values[row] == null;
        }

        @Override
        public String text(int row) {
            return values[row] == null ? "" : values[row];
        }
    }
}
