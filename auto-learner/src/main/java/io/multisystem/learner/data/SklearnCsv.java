package io.multisystem.learner.data;

import io.multisystem.core.error.InvalidInputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads scikit-learn's bundled CSV data sets. Two layouts exist: {@code digits.csv.gz} has no header and 64 pixel
 * values (0-16) then the label per row; {@code iris.csv}, {@code wine_data.csv}, {@code breast_cancer.csv} start with a
 * header {@code n_samples,n_features,<class names...>} and rows of features then the label. Digits are scaled to
 * [0, 1] (an 8x8 image); tabular features are standardised (zero mean, unit variance per column).
 */
public final class SklearnCsv {
    private SklearnCsv() {
    }

    public static LabeledData readDigits(Path file) {
        List<String[]> rows = lines(file);
        float[][] x = new float[rows.size()][64];
        int[] y = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            if (r.length != 65) {
                throw malformed(file, i + 1, "expected 65 values (64 pixels and a label), found " + r.length);
            }
            for (int p = 0; p < 64; p++) {
                x[i][p] = parse(file, i + 1, r[p]) / 16f;
            }
            y[i] = (int) parse(file, i + 1, r[64]);
        }
        return new LabeledData("sklearn-digits", x, y, 1, 8, 8, 10);
    }

    /** A header-first tabular CSV (iris, wine, breast cancer). */
    public static LabeledData readTabular(String name, Path file) {
        List<String[]> rows = lines(file);
        if (rows.isEmpty()) {
            throw malformed(file, 1, "empty file");
        }
        String[] header = rows.get(0);
        int n = (int) parse(file, 1, header[0]);
        int features = (int) parse(file, 1, header[1]);
        int classes = header.length - 2;
        if (rows.size() - 1 != n) {
            throw malformed(file, 1, "header announces " + n + " rows but the file has " + (rows.size() - 1));
        }
        float[][] x = new float[n][features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            String[] r = rows.get(i + 1);
            if (r.length != features + 1) {
                throw malformed(file, i + 2, "expected " + (features + 1) + " values, found " + r.length);
            }
            for (int f = 0; f < features; f++) {
                x[i][f] = parse(file, i + 2, r[f]);
            }
            y[i] = (int) parse(file, i + 2, r[features]);
        }
        standardise(x);
        return new LabeledData(name, x, y, 1, 1, features, classes);
    }

    static void standardise(float[][] x) {
        if (x.length == 0) {
            return;
        }
        for (int f = 0; f < x[0].length; f++) {
            double mean = 0;
            for (float[] row : x) {
                mean += row[f];
            }
            mean /= x.length;
            double var = 0;
            for (float[] row : x) {
                var += (row[f] - mean) * (row[f] - mean);
            }
            double std = Math.sqrt(var / x.length);
            for (float[] row : x) {
                row[f] = (float) ((row[f] - mean) / (std == 0 ? 1 : std));
            }
        }
    }

    private static List<String[]> lines(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new io.multisystem.core.error.FailedPreconditionException(DataErrors.COMPONENT, DataErrors.DATA_MISSING,
                    "CSV file " + file + " is missing; run " + DataErrors.FETCH_COMMAND);
        }
        try (var raw = Files.newInputStream(file);
             var in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String[]> rows = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    rows.add(line.trim().split(","));
                }
            }
            return rows;
        } catch (IOException e) {
            throw malformed(file, 0, e.toString());
        }
    }

    private static float parse(Path file, int line, String value) {
        try {
            return Float.parseFloat(value.trim());
        } catch (NumberFormatException e) {
            throw malformed(file, line, "'" + value + "' is not a number");
        }
    }

    private static InvalidInputException malformed(Path file, int line, String detail) {
        return new InvalidInputException(DataErrors.COMPONENT, DataErrors.MALFORMED_DATA,
                file + " line " + line + ": " + detail);
    }
}
