package io.multisystem.learner.data;

import io.multisystem.core.error.InvalidInputException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of LeCun's MNIST (and Fashion-MNIST): a big-endian header {@code 0x0000 type dims} followed by
 * the dimension sizes and unsigned bytes. Images are type 0x08 with 3 dimensions, labels type 0x08 with 1. Files may be
 * gzip-compressed ({@code .gz}). Pixels are scaled to [0, 1].
 */
public final class IdxReader {
    private IdxReader() {
    }

    /** Reads an image file and its label file into one data set. */
    public static LabeledData read(String name, Path images, Path labels, int classes) {
        float[][] x = readImages(images);
        int[] y = readLabels(labels);
        int side = (int) Math.round(Math.sqrt(x.length == 0 ? 0 : x[0].length));
        return new LabeledData(name, x, y, 1, side, side, classes);
    }

    static float[][] readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != 0x00000803) {
                throw malformed(file, "image magic 0x" + Integer.toHexString(magic) + ", expected 0x803");
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            byte[] buffer = new byte[rows * cols];
            float[][] x = new float[n][rows * cols];
            for (int i = 0; i < n; i++) {
                in.readFully(buffer);
                for (int p = 0; p < buffer.length; p++) {
                    x[i][p] = (buffer[p] & 0xff) / 255f;
                }
            }
            return x;
        } catch (IOException e) {
            throw malformed(file, e.toString());
        }
    }

    static int[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != 0x00000801) {
                throw malformed(file, "label magic 0x" + Integer.toHexString(magic) + ", expected 0x801");
            }
            int n = in.readInt();
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = in.readUnsignedByte();
            }
            return y;
        } catch (IOException e) {
            throw malformed(file, e.toString());
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new io.multisystem.core.error.FailedPreconditionException(DataErrors.COMPONENT, DataErrors.DATA_MISSING,
                    "IDX file " + file + " is missing; run " + DataErrors.FETCH_COMMAND);
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) {
            raw = new GZIPInputStream(raw, 1 << 16);
        }
        return new DataInputStream(raw);
    }

    private static InvalidInputException malformed(Path file, String detail) {
        return new InvalidInputException(DataErrors.COMPONENT, DataErrors.MALFORMED_DATA,
                "not a valid IDX file " + file + ": " + detail);
    }
}
