package io.multisystem.parallel.task;

import io.multisystem.core.error.Severity;
import io.multisystem.core.error.UnavailableException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** One file per key; writes go to a temporary file in the same directory, then an atomic rename. */
final class DirectoryCheckpointStore implements CheckpointStore {
    private static final Pattern KEY_FORMAT = Pattern.compile("[0-9a-f]{64}");

    private final Path directory;

    DirectoryCheckpointStore(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw unavailable("CHECKPOINT_DIRECTORY_UNAVAILABLE",
                    "cannot create checkpoint directory " + directory + "; check it is writable", e);
        }
    }

    @Override
    public Optional<byte[]> find(String key) {
        try {
            return Optional.of(Files.readAllBytes(fileOf(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unavailable("CHECKPOINT_READ_FAILED", "cannot read checkpoint " + fileOf(key) + ": " + e, e);
        }
    }

    @Override
    public void put(String key, byte[] value) {
        Path target = fileOf(key);
        try {
            Path temporary = Files.createTempFile(directory, key, ".tmp");
            Files.write(temporary, value);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw unavailable("CHECKPOINT_WRITE_FAILED", "cannot write checkpoint " + target + ": " + e, e);
        }
    }

    private Path fileOf(String key) {
        if (key == null || !KEY_FORMAT.matcher(key).matches()) {
            throw new IllegalArgumentException("checkpoint key must be 64 lowercase hex digits, was " + key);
        }
        return directory.resolve(key + ".ckpt");
    }

    private static UnavailableException unavailable(String code, String message, Throwable cause) {
        return new UnavailableException(TaskEngine.COMPONENT, code, Severity.DEGRADED, message, Map.of(), cause);
    }
}
