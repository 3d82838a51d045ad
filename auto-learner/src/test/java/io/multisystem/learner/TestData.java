package io.multisystem.learner;

import io.multisystem.learner.data.DataErrors;
import io.multisystem.learner.data.DatasetCatalog;
import io.multisystem.learner.data.LabeledData;
import io.multisystem.learner.engine.TorchRuntime;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;

/** Real data for tests: skips (with the fetch command) when the data sets were not fetched. */
public final class TestData {
    private static final DatasetCatalog CATALOG = new DatasetCatalog(DatasetCatalog.defaultRoot(Path.of("").toAbsolutePath()));
    public static final Path DATA_DIR = Path.of(System.getProperty("java.io.tmpdir"), "auto-learner-test");

    private TestData() {
    }

    public static DatasetCatalog catalog() {
        return CATALOG;
    }

    public static LabeledData require(String name) {
        Assumptions.assumeTrue(CATALOG.isAvailable(name),
                () -> "data set " + name + " not found under " + CATALOG.root() + "; run " + DataErrors.FETCH_COMMAND);
        return CATALOG.load(name);
    }

    public static NDManager manager() {
        return TorchRuntime.newManager(DATA_DIR);
    }
}
