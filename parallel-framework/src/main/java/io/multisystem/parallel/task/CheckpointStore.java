package io.multisystem.parallel.task;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Content-addressed storage of task results. Keys are lowercase hex SHA-256 digests; values are opaque bytes.
 * Implementations must be thread-safe and make {@link #put} atomic: a reader sees either nothing or the whole value,
 * also after a crash in the middle of a write.
 */
public interface CheckpointStore {

    /** The stored value, or empty if none. */
    Optional<byte[]> find(String key);

    /** Stores {@code value} under {@code key}, replacing any previous value. */
    void put(String key, byte[] value);

    /**
     * A store keeping one file per key in {@code directory}, written to a temporary file and atomically moved.
     *
     * @throws io.multisystem.core.error.UnavailableException with code {@code CHECKPOINT_DIRECTORY_UNAVAILABLE} if
     *     the directory cannot be created
     */
    static CheckpointStore directory(Path directory) {
        return new DirectoryCheckpointStore(directory);
    }
}
