package io.multisystem.pipeline.synthetic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** scikit-learn's bundled CSVs from Debian's python3-sklearn, fetched by {@code scripts/fetch-datasets.sh pipeline-engine}. */
final class SklearnData {
    private SklearnData() {
    }

    static Path require(String file) {
        Optional<Path> found = find(file);
        assumeTrue(found.isPresent(), "scikit-learn's " + file + " is not here; run scripts/fetch-datasets.sh "
                + "pipeline-engine (Debian python3-sklearn) to fetch it");
        return found.get();
    }

    static Optional<Path> find(String file) {
        String env = System.getenv("MULTISYSTEM_DATASETS");
        Path root = env != null && !env.isBlank() ? Path.of(env) : Path.of("..", ".datasets");
        Path sklearn = root.resolve("sklearn");
        if (!Files.isDirectory(sklearn)) {
            return Optional.empty();
        }
        try (Stream<Path> walk = Files.walk(sklearn)) {
            return walk.filter(p -> p.endsWith(Path.of("datasets", "data", file))).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
