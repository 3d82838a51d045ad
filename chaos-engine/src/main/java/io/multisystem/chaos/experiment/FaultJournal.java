package io.multisystem.chaos.experiment;

import io.multisystem.core.error.UnavailableException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable write-ahead journal of faults ({@code faults.jsonl} in the data directory).
 *
 * <p>Design: an append-only JSON-lines log of {@code inject} and {@code revert} records, each forced to disk
 * ({@link FileChannel#force}) before the call returns. The engine records a fault <em>before</em> injecting it and
 * marks it reverted only after reverting it, so after a crash every fault that might be in place is in
 * {@link #pending()}; reverting is idempotent, so replaying a fault that was never actually injected is harmless.
 * A torn last line (crash mid-write) is ignored. {@link #compact()} rewrites the log with the pending records only,
 * through an atomic rename. Thread-safe (all methods synchronized).
 */
public final class FaultJournal implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final Map<String, ActiveFault> pending = new LinkedHashMap<>();
    private FileChannel channel;

    private FaultJournal(Path file) {
        this.file = file;
    }

    /**
     * Opens (or creates) the journal and reads what is pending.
     *
     * @throws UnavailableException {@code JOURNAL_UNAVAILABLE} if the file cannot be read or created
     */
    public static FaultJournal open(Path directory) {
        FaultJournal journal = new FaultJournal(directory.resolve("faults.jsonl"));
        try {
            Files.createDirectories(directory);
            if (Files.exists(journal.file)) {
                for (String line : Files.readAllLines(journal.file, StandardCharsets.UTF_8)) {
                    journal.replay(line);
                }
            }
            journal.channel = FileChannel.open(journal.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw unavailable(journal.file, e);
        }
        return journal;
    }

    /** Faults recorded and not yet reverted, in injection order. */
    public synchronized List<ActiveFault> pending() {
        return List.copyOf(pending.values());
    }

    /** Durably records a fault that is about to be injected. */
    public synchronized void recordInjecting(ActiveFault fault) {
        ObjectNode line = JSON.createObjectNode();
        line.put("op", "inject");
        line.put("id", fault.id());
        line.put("run", fault.runId());
        line.put("kind", fault.kind());
        line.put("target", fault.target());
        line.put("at", fault.injectedAt().toString());
        ObjectNode revert = line.putObject("revert");
        fault.revert().forEach(revert::put);
        append(line);
        pending.put(fault.id(), fault);
    }

    /** Durably records that a fault is reverted (or needs no revert). */
    public synchronized void recordReverted(String faultId, Instant at) {
        if (!pending.containsKey(faultId)) {
            return;
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("op", "revert");
        line.put("id", faultId);
        line.put("at", at.toString());
        append(line);
        pending.remove(faultId);
    }

    /** Rewrites the file with the pending faults only. */
    public synchronized void compact() {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            channel.close();
            List<String> lines = new ArrayList<>();
            for (ActiveFault fault : pending.values()) {
                ObjectNode line = JSON.createObjectNode();
                line.put("op", "inject");
                line.put("id", fault.id());
                line.put("run", fault.runId());
                line.put("kind", fault.kind());
                line.put("target", fault.target());
                line.put("at", fault.injectedAt().toString());
                ObjectNode revert = line.putObject("revert");
                fault.revert().forEach(revert::put);
                lines.add(line.toString());
            }
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw unavailable(file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a read-only view of an already forced file cannot lose data
        }
    }

    private void append(ObjectNode line) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap((line.toString() + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        } catch (IOException e) {
            throw unavailable(file, e);
        }
    }

    private void replay(String line) {
        if (line.isBlank()) {
            return;
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (RuntimeException e) {
            return;
        }
        String id = node.path("id").asString("");
        if ("inject".equals(node.path("op").asString(""))) {
            Map<String, String> revert = new LinkedHashMap<>();
            node.path("revert").properties().forEach(e -> revert.put(e.getKey(), e.getValue().asString()));
            pending.put(id, new ActiveFault(id, node.path("run").asString(""), node.path("kind").asString(""),
                    node.path("target").asString(""), Map.copyOf(revert), Instant.parse(node.path("at").asString())));
        } else if ("revert".equals(node.path("op").asString(""))) {
            pending.remove(id);
        }
    }

    private static UnavailableException unavailable(Path file, IOException e) {
        return new UnavailableException(ChaosErrors.COMPONENT, ChaosErrors.JOURNAL_UNAVAILABLE,
                "the fault journal " + file + " cannot be written: " + e.getMessage()
                        + "; no fault is injected without it");
    }
}
