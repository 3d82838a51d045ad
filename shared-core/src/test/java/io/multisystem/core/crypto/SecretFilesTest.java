package io.multisystem.core.crypto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SecretFilesTest {
    @Test
    void writesTheSecretReadableByItsOwnerOnlyAndReplacesAnOldOne(@TempDir Path dir) throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "owner-only permissions are a POSIX notion; this file system has none");
        Path key = dir.resolve("keys/a/private.pem");

        SecretFiles.writeOwnerOnly(key, "first");
        SecretFiles.writeOwnerOnly(key, "second");

        assertThat(Files.readString(key)).isEqualTo("second");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        try (var siblings = Files.list(key.getParent())) {
            assertThat(siblings).containsExactly(key);
        }
    }
}
