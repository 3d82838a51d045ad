package io.multisystem.core.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes secrets (private keys, key-encryption keys) to files readable by their owner only.
 *
 * <p>On a POSIX file system the file is created with mode 0600 from the start, so the secret is never readable by
 * others, not even for a moment; elsewhere it is created with the file system's defaults. The content goes to a
 * sibling temporary file first and is then moved into place atomically, so a crash never leaves a half-written key.
 */
public final class SecretFiles {
    private SecretFiles() {
    }

    /** Writes {@code content} (UTF-8) to {@code file}, replacing it, creating missing parent directories. */
    public static void writeOwnerOnly(Path file, String content) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, ownerOnly(absolute));
        } catch (FileAlreadyExistsException e) {
            throw new IOException("another writer is creating " + file + " at the same time", e);
        }
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path file) {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))} : new FileAttribute<?>[0];
    }
}
