package io.multisystem.parallel.collection;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.parallel.task.TaskEngine;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Byte-range splits of text files, read line by line in parallel.
 *
 * <p>Design note: a split {@code [start, end)} owns exactly the lines whose first byte lies in it (Hadoop's
 * LineRecordReader rule). A reader whose split does not start at 0 skips to just after the first newline at or after
 * {@code start - 1}; it then reads whole lines while the next line starts before {@code end}, reading past {@code end}
 * to finish the last one. So every line is read once, whatever the split size, and no line is cut. Line terminators
 * {@code \n} and {@code \r\n} are removed.
 */
public final class TextSplits {
    private TextSplits() {
    }

    /** The serial form of a {@link Split}; the file must exist at the same path on the node that reads it. */
    private record SerialForm(String file, long start, long end) implements Serializable {
        private Object readResolve() {
            return new Split(Path.of(file), start, end);
        }
    }

    /** One byte range of one file. */
    public record Split(Path file, long start, long end) implements Serializable {
        /** {@link Path} is not serialisable: a split travels (to a cluster node) as its path string. */
        private Object writeReplace() {
            return new SerialForm(file.toString(), start, end);
        }

        /** The lines this split owns. */
        public List<String> readLines() {
            List<String> lines = new ArrayList<>();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
                long position = 0;
                if (start > 0) {
                    skipFully(in, start - 1);
                    position = start - 1;
                    int b;
                    while ((b = in.read()) != -1) {
                        position++;
                        if (b == '\n') {
                            break;
                        }
                    }
                    if (b == -1) {
                        return lines;
                    }
                }
                ByteArrayOutputStream line = new ByteArrayOutputStream(128);
                while (position < end) {
                    line.reset();
                    int b;
                    long lineStart = position;
                    while ((b = in.read()) != -1) {
                        position++;
                        if (b == '\n') {
                            break;
                        }
                        line.write(b);
                    }
                    if (b == -1 && position == lineStart) {
                        break;
                    }
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    lines.add(new String(bytes, 0, length, StandardCharsets.UTF_8));
                    if (b == -1) {
                        break;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            return lines;
        }

        private static void skipFully(InputStream in, long n) throws IOException {
            long left = n;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() == -1) {
                        return;
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }
    }

    /**
     * Splits of about {@code splitBytes} over every file, in file order. An empty file gives no split.
     *
     * @throws InvalidInputException with code {@code FILE_NOT_READABLE} naming a missing or unreadable file, or
     *     {@code INVALID_SPLIT_SIZE}
     */
    public static List<Split> plan(List<Path> files, long splitBytes) {
        if (splitBytes < 1) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "INVALID_SPLIT_SIZE",
                    "split size must be at least 1 byte, was " + splitBytes);
        }
        List<Split> splits = new ArrayList<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new InvalidInputException(TaskEngine.COMPONENT, "FILE_NOT_READABLE",
                        "cannot read input file " + file + ": it does not exist, is not a regular file or is not readable");
            }
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                throw new InvalidInputException(TaskEngine.COMPONENT, "FILE_NOT_READABLE",
                        "cannot read the size of input file " + file + ": " + e.getMessage());
            }
            for (long start = 0; start < size; start += splitBytes) {
                splits.add(new Split(file, start, Math.min(size, start + splitBytes)));
            }
        }
        return splits;
    }
}
