package io.multisystem.pipeline.io;

import io.multisystem.core.error.Severity;
import io.multisystem.core.error.UnavailableException;
import io.multisystem.pipeline.record.Errors;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Exactly-once CSV or JSON Lines output into a directory of part files, one per checkpoint, committed by two-phase
 * commit (as Flink's FileSink): rows go to a hidden in-progress file; at a checkpoint it is fsynced and renamed to
 * {@code .part-N.pending}, the checkpoint record ({@code _checkpoint}: id and state) is written to a temporary file,
 * fsynced and atomically renamed over the previous one, and only then is the pending file renamed to its final name
 * {@code part-N.csv} (or {@code .jsonl}). Recovery publishes the pending part of the recorded checkpoint if the crash
 * came between the two renames, and deletes every other hidden file, so the visible parts are exactly the output of
 * the committed checkpoints. Readers take the {@code part-*} files in name order (CSV parts each start with the
 * header). Not thread-safe: driven by the engine's sink thread.
 */
public final class PartFileSink implements TransactionalSink {
    /** The file formats a part file can have. */
    public enum Format { CSV, JSONL }

    static final String CHECKPOINT = "_checkpoint";

    private final Path directory;
    private final Format format;
    private final ObjectMapper json = JsonMapper.builder().build();
    private Schema schema;
    private Path inProgress;
    private BufferedWriter writer;
    private long part;

    public PartFileSink(Path directory, Format format) {
        this.directory = directory;
        this.format = format;
    }

    /** The visible part files of a directory in commit order. */
    public static java.util.List<Path> parts(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted()
                    .collect(Collectors.toList());
        }
    }

    @Override
    public Optional<Committed> recover() {
        try {
            Files.createDirectories(directory);
            Optional<Committed> committed = Optional.empty();
            Path record = directory.resolve(CHECKPOINT);
            if (Files.exists(record)) {
                ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(record));
                long id = bytes.getLong();
                byte[] state = new byte[bytes.remaining()];
                bytes.get(state);
                committed = Optional.of(new Committed(id, state));
                Path pending = directory.resolve(".part-" + id + ".pending");
                if (Files.exists(pending)) {
                    Files.move(pending, finalName(id), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            try (DirectoryStream<Path> hidden = Files.newDirectoryStream(directory, ".part-*")) {
                for (Path p : hidden) {
                    Files.delete(p);
                }
            }
            Files.deleteIfExists(directory.resolve(CHECKPOINT + ".tmp"));
            return committed;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void open(Schema rowSchema) {
        this.schema = rowSchema;
    }

    @Override
    public void write(Row row) {
        try {
            if (writer == null) {
                inProgress = directory.resolve(".part-" + (++part) + "-" + System.nanoTime() + ".inprogress");
                writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(inProgress),
                        StandardCharsets.UTF_8));
                if (format == Format.CSV) {
                    writer.write(schema.names().stream().map(CsvFormat::quote).collect(Collectors.joining(",")));
                    writer.newLine();
                }
            }
            writer.write(format == Format.CSV ? csv(row) : json.writeValueAsString(row.toMap()));
            writer.newLine();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void commitCheckpoint(long checkpointId, byte[] state) {
        try {
            Path pending = null;
            if (writer != null) {
                writer.close();
                writer = null;
                fsync(inProgress);
                pending = directory.resolve(".part-" + checkpointId + ".pending");
                Files.move(inProgress, pending, StandardCopyOption.ATOMIC_MOVE);
            }
            Path tmp = directory.resolve(CHECKPOINT + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(ByteBuffer.allocate(8).putLong(checkpointId).array());
                out.write(state);
            }
            fsync(tmp);
            Files.move(tmp, directory.resolve(CHECKPOINT), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            if (pending != null) {
                Files.move(pending, finalName(checkpointId), StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void close() {
        try {
            if (writer != null) {
                writer.close();
                writer = null;
                Files.deleteIfExists(inProgress); // uncommitted rows are discarded
            }
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private Path finalName(long id) {
        return directory.resolve(String.format("part-%010d.%s", id, format == Format.CSV ? "csv" : "jsonl"));
    }

    private static String csv(Row row) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < row.schema().size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(CsvFormat.quote(row.get(i)));
        }
        return sb.toString();
    }

    private static void fsync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private UnavailableException failure(IOException e) {
        return new UnavailableException(Errors.COMPONENT, "OUTPUT_UNWRITABLE", Severity.OPERATIONAL,
                "cannot write to " + directory + ": " + e + "; check the directory is writable", Map.of(), e);
    }
}
