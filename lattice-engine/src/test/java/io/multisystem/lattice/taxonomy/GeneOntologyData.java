package io.multisystem.lattice.taxonomy;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds GO.sqlite from Debian's r-bioc-go.db under $MULTISYSTEM_DATASETS/go (or &lt;repo&gt;/.datasets/go). */
public final class GeneOntologyData {
    private GeneOntologyData() {
    }

    public static Optional<Path> find() {
        String env = System.getenv("MULTISYSTEM_DATASETS");
        Path root = env != null && !env.isBlank() ? Paths.get(env)
                : Paths.get("").toAbsolutePath().getParent().resolve(".datasets");
        Path go = root.resolve("go");
        if (!Files.isDirectory(go)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(go)) {
            return files.filter(p -> p.getFileName().toString().equals("GO.sqlite")).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The database, or the test is skipped with the command that fetches it. */
    public static Path require() {
        Optional<Path> db = find();
        Assumptions.assumeTrue(db.isPresent(), "GO.sqlite not found; run scripts/fetch-datasets.sh lattice-engine");
        return db.get();
    }
}
