package io.multisystem.pipeline.io;

import io.multisystem.core.error.Severity;
import io.multisystem.core.error.UnavailableException;
import io.multisystem.pipeline.record.Errors;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Unbounded line sources: a followed file ({@code tail -F}) and a TCP socket, in CSV or JSON Lines.
 *
 * <p>Design note: both read raw bytes and split them into lines themselves, so a line is only decoded (UTF-8) and
 * parsed once its {@code \n} has arrived; a partial last line stays buffered until it is completed, and a read that
 * times out loses nothing. Neither ever blocks without a deadline: the file is polled every {@code pollInterval}, the
 * socket reads with {@code SO_TIMEOUT = pollInterval}, and between polls the {@link Stop} condition (idle timeout,
 * maximum rows, cancellation) and the thread's interrupt flag are checked, so a bounded run or a test always terminates. The tailed
 * file survives rotation (the path now names another file: the rest of the old one is read, then the new one from its
 * start, CSV header included) and truncation (size below the read position: read again from the start), and waits for
 * a file that does not exist yet. The socket source ends at end of stream (the peer closed); it does not reconnect.
 */
public final class StreamingSources {
    private StreamingSources() {
    }

    /**
     * When an unbounded source ends on its own.
     *
     * @param idleTimeout ends the input when no line arrived for this long; null waits forever
     * @param maxRecords  ends the input after this many rows; 0 for no limit
     * @param cancelled   ends the input when it turns true (checked at least every poll interval)
     */
    public record Stop(Duration idleTimeout, long maxRecords, BooleanSupplier cancelled) {
        public Stop {
            if (maxRecords < 0) {
                throw new IllegalArgumentException("maxRecords must be >= 0");
            }
            Objects.requireNonNull(cancelled);
        }

        public Stop(Duration idleTimeout, long maxRecords) {
            this(idleTimeout, maxRecords, () -> false);
        }

        public static Stop never() {
            return new Stop(null, 0);
        }
    }

    /**
     * Follows {@code path} like {@code tail -F}: every existing line from the start of the file, then lines appended
     * later, polling every {@code pollInterval}.
     *
     * @param format {@code csv} (the first line of the file names the columns) or {@code jsonl}
     */
    public static Source tailFile(Path path, Schema schema, String format, Duration pollInterval, Stop stop) {
        Objects.requireNonNull(stop);
        return new Source() {
            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public RowIterator open() {
                return new LineIterator(LineFormat.of(format, path.toString(), schema), stop, pollInterval) {
                    private FileChannel channel;
                    private Object fileKey;
                    private long position;
                    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

                    @Override
                    boolean poll() throws IOException {
                        if (channel == null) {
                            try {
                                channel = FileChannel.open(path, StandardOpenOption.READ);
                            } catch (NoSuchFileException e) {
                                return true; // not there yet: wait for it
                            }
                            fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
                            position = 0;
                            restartFile();
                        }
                        readAvailable();
                        BasicFileAttributes now;
                        try {
                            now = Files.readAttributes(path, BasicFileAttributes.class);
                        } catch (NoSuchFileException e) {
                            return true; // moved away, a new file may appear: keep what we have
                        }
                        boolean rotated = !Objects.equals(now.fileKey(), fileKey);
                        boolean truncated = !rotated && now.size() < position;
                        if (rotated || truncated) {
                            if (rotated) {
                                readAvailable(); // the rest of the old file
                            }
                            channel.close();
                            channel = null;
                            dropPartial();
                        }
                        return true;
                    }

                    private void readAvailable() throws IOException {
                        int n;
                        while ((n = channel.read(buffer.clear(), position)) > 0) {
                            position += n;
                            accept(buffer.array(), n);
                        }
                    }

                    @Override
                    void waitForData() throws InterruptedException {
                        Thread.sleep(pollInterval.toMillis());
                    }

                    @Override
                    void release() throws IOException {
                        if (channel != null) {
                            channel.close();
                        }
                    }
                };
            }
        };
    }

    /**
     * Connects to {@code host:port} and reads line-delimited rows until the peer closes the connection or
     * {@code stop} says so.
     *
     * @throws UnavailableException (code {@code SOCKET_UNAVAILABLE}) at {@link Source#open()} when the connection
     *                              cannot be made within {@code connectTimeout}
     */
    public static Source socket(String host, int port, Schema schema, String format, Duration connectTimeout,
            Duration pollInterval, Stop stop) {
        Objects.requireNonNull(stop);
        String origin = host + ":" + port;
        return new Source() {
            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public RowIterator open() {
                Socket socket = new Socket();
                InputStream in;
                try {
                    socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, connectTimeout.toMillis()));
                    socket.setSoTimeout((int) Math.max(1, pollInterval.toMillis()));
                    in = socket.getInputStream();
                } catch (IOException e) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // nothing to release
                    }
                    throw new UnavailableException(Errors.COMPONENT, "SOCKET_UNAVAILABLE", Severity.OPERATIONAL,
                            "cannot connect to " + origin + ": " + e.getMessage()
                                    + "; start the server or fix host and port", Map.of(), e);
                }
                return new LineIterator(LineFormat.of(format, origin, schema), stop, pollInterval) {
                    private final byte[] buffer = new byte[64 * 1024];

                    @Override
                    boolean poll() throws IOException {
                        int n;
                        try {
                            n = in.read(buffer);
                        } catch (SocketTimeoutException e) {
                            return true;
                        }
                        if (n < 0) {
                            flushPartial();
                            return false;
                        }
                        accept(buffer, n);
                        return true;
                    }

                    @Override
                    void waitForData() {
                        // the read itself waited up to SO_TIMEOUT
                    }

                    @Override
                    void release() throws IOException {
                        socket.close();
                    }
                };
            }
        };
    }

    /** Splits bytes into lines, parses them and applies the stop condition; subclasses fetch the bytes. */
    private abstract static class LineIterator implements Source.RowIterator {
        /** Marks where a new file's lines begin (compared by identity). */
        @SuppressWarnings("StringOperationCanBeSimplified")
        private static final String FILE_START = new String("<file start>");
        private final LineFormat format;
        private final Stop stop;
        private final ArrayDeque<String> lines = new ArrayDeque<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private boolean headerPending;
        private long lineNumber;
        private long emitted;
        private long lastData = System.nanoTime();
        private boolean ended;
        private boolean open = true;

        LineIterator(LineFormat format, Stop stop, Duration pollInterval) {
            this.format = format;
            this.stop = stop;
            lines.add(FILE_START);
            if (pollInterval.isZero() || pollInterval.isNegative()) {
                throw new IllegalArgumentException("pollInterval must be positive");
            }
        }

        /** Reads what is available into {@link #accept}; false at the end of the input. */
        abstract boolean poll() throws IOException;

        /** Waits up to one poll interval. */
        abstract void waitForData() throws InterruptedException;

        abstract void release() throws IOException;

        final void accept(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                if (bytes[i] == '\n') {
                    completeLine();
                } else {
                    partial.write(bytes[i]);
                }
            }
        }

        final void flushPartial() {
            if (partial.size() > 0) {
                completeLine();
            }
        }

        /** A new file starts after the lines already split: its first line is a header again. */
        final void restartFile() {
            lines.add(FILE_START);
        }

        final void dropPartial() {
            partial.reset();
        }

        private void completeLine() {
            String line = partial.toString(StandardCharsets.UTF_8);
            partial.reset();
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            lines.add(line);
        }

        @Override
        public boolean hasNext() {
            while (true) {
                if (ended || (stop.maxRecords() > 0 && emitted >= stop.maxRecords())
                        || stop.cancelled().getAsBoolean()) {
                    ended = true;
                    return false;
                }
                while (!lines.isEmpty()) {
                    String line = lines.peek();
                    if (line == FILE_START) {
                        lines.poll();
                        headerPending = format.hasHeader();
                        lineNumber = 0;
                    } else if (headerPending) {
                        lines.poll();
                        lineNumber++;
                        format.header(line);
                        headerPending = false;
                    } else if (line.isBlank()) {
                        lines.poll();
                        lineNumber++;
                    } else {
                        return true;
                    }
                }
                int before = lines.size();
                boolean more;
                try {
                    more = poll();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (lines.size() > before) {
                    lastData = System.nanoTime();
                    continue;
                }
                if (!more) {
                    ended = true;
                    continue;
                }
                if (stop.idleTimeout() != null
                        && System.nanoTime() - lastData >= stop.idleTimeout().toNanos()) {
                    ended = true;
                    continue;
                }
                try {
                    waitForData();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    ended = true;
                }
                if (Thread.currentThread().isInterrupted()) {
                    ended = true;
                }
            }
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            lineNumber++;
            emitted++;
            return format.parse(lines.poll(), lineNumber);
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                try {
                    release();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
