package io.multisystem.chaos.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FaultJournalTest {
    @TempDir
    Path dir;

    private static ActiveFault fault(String id) {
        return new ActiveFault(id, "run", "toxic", "proxy:db", Map.of("proxy", "db", "toxic", "t"),
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void faultsRecordedButNotRevertedArePendingAfterReopening() {
        try (FaultJournal journal = FaultJournal.open(dir)) {
            journal.recordInjecting(fault("a"));
            journal.recordInjecting(fault("b"));
            journal.recordReverted("a", Instant.EPOCH);
        }

        try (FaultJournal reopened = FaultJournal.open(dir)) {
            assertThat(reopened.pending()).extracting(ActiveFault::id).containsExactly("b");
            assertThat(reopened.pending().get(0).revert()).containsEntry("toxic", "t");
        }
    }

    @Test
    void aTornLastLineFromACrashIsIgnored() throws Exception {
        try (FaultJournal journal = FaultJournal.open(dir)) {
            journal.recordInjecting(fault("a"));
        }
        Files.writeString(dir.resolve("faults.jsonl"), "{\"op\":\"revert\",\"id\":\"a\"", StandardOpenOption.APPEND);

        try (FaultJournal reopened = FaultJournal.open(dir)) {
            assertThat(reopened.pending()).extracting(ActiveFault::id).containsExactly("a");
        }
    }

    @Test
    void compactionKeepsOnlyPendingFaults() throws Exception {
        try (FaultJournal journal = FaultJournal.open(dir)) {
            journal.recordInjecting(fault("a"));
            journal.recordInjecting(fault("b"));
            journal.recordReverted("a", Instant.EPOCH);
            journal.compact();
            journal.recordInjecting(fault("c"));
        }

        assertThat(Files.readAllLines(dir.resolve("faults.jsonl"))).hasSize(2);
        try (FaultJournal reopened = FaultJournal.open(dir)) {
            assertThat(reopened.pending()).extracting(ActiveFault::id).containsExactly("b", "c");
        }
    }
}
