package io.multisystem.core.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates {@code ../shared/data} (test data written by others) from any module: the system property
 * {@code multisystem.shared.data} if set, else the first {@code shared/data} found walking up from the working
 * directory.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The shared data directory, or a failed assumption (skip) naming where it was looked for. */
    public static Path root() {
        String configured = System.getProperty("multisystem.shared.data");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        Assumptions.abort("shared test data not found: put the shared/ folder beside the repository or set "
                + "-Dmultisystem.shared.data=/path/to/shared/data");
        throw new IllegalStateException("unreachable");
    }

    /** A file or folder under the shared data root, which must exist. */
    public static Path resolve(String relative) {
        Path path = root().resolve(relative);
        if (!Files.exists(path)) {
            throw new IllegalStateException("missing shared test data: " + path);
        }
        return path;
    }
}
