package io.multisystem.attestation.store;

import io.multisystem.attestation.log.MerkleLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlHashStoreTest {
    @TempDir
    Path directory;

    @Test
    void sqlBackedLogGivesTheSameRootsAndProofsAsTheInMemoryOneAndSurvivesReopening() {
        MerkleLog memory = MerkleLog.inMemory();
        int size = 700;
        try (Database database = Database.embedded(directory)) {
            SqlHashStore store = new SqlHashStore(database);
            MerkleLog sql = MerkleLog.open(store);
            for (int i = 0; i < size; i++) {
                byte[] entry = ByteBuffer.allocate(8).putLong(i).array();
                memory.append(entry);
                database.inTransaction(connection -> {
                    sql.append(entry);
                    new LogHead(sql.size(), 0, 0).write(connection);
                    return null;
                });
                store.publish();
            }
            assertThat(sql.rootHash(size)).isEqualTo(memory.rootHash());
        }
        try (Database database = Database.embedded(directory)) {
            MerkleLog reopened = MerkleLog.open(new SqlHashStore(database));
            SplittableRandom random = new SplittableRandom(9162);
            assertThat(reopened.size()).isEqualTo(size);
            assertThat(reopened.rootHash()).isEqualTo(memory.rootHash());
            for (int i = 0; i < 50; i++) {
                long treeSize = 1 + random.nextInt(size);
                long leaf = random.nextLong(treeSize);
                assertThat(reopened.inclusionProof(leaf, treeSize).hashes())
                        .containsExactlyElementsOf(memory.inclusionProof(leaf, treeSize).hashes());
                long oldSize = 1 + random.nextLong(treeSize);
                assertThat(reopened.consistencyProof(oldSize, treeSize).hashes())
                        .containsExactlyElementsOf(memory.consistencyProof(oldSize, treeSize).hashes());
            }
        }
    }

    @Test
    void appendsOfARolledBackTransactionLeaveNoTrace() {
        try (Database database = Database.embedded(directory)) {
            SqlHashStore store = new SqlHashStore(database);
            MerkleLog log = MerkleLog.open(store);
            assertThatThrownBy(() -> database.inTransaction(connection -> {
                log.append(new byte[] {1});
                throw new IllegalStateException("state change failed");
            })).isInstanceOf(IllegalStateException.class);
            store.reload();

            assertThat(store.size()).isZero();
            assertThat(MerkleLog.open(store).size()).isZero();
            assertThat(database.read(c -> LogHead.read(c, false)).treeSize()).isZero();
        }
    }
}
