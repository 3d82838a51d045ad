package io.multisystem.ledger.filter;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where Debian's fail2ban package was unpacked by {@code scripts/fetch-datasets.sh autoblocker-ledger}. */
public final class Fail2banData {
    private Fail2banData() {
    }

    public static Path root() {
        String env = System.getenv("MULTISYSTEM_DATASETS");
        Path base = env != null && !env.isBlank() ? Path.of(env) : Path.of("").toAbsolutePath().getParent().resolve(".datasets");
        return base.resolve("fail2ban");
    }

    public static Path filterDir() {
        Path dir = root().resolve("etc/fail2ban/filter.d");
        Assumptions.assumeTrue(Files.isDirectory(dir),
                "fail2ban data missing at " + dir + "; run scripts/fetch-datasets.sh autoblocker-ledger");
        return dir;
    }

    public static Path logDir() {
        Path dir = root().resolve("usr/lib/python3/dist-packages/fail2ban/tests/files/logs");
        Assumptions.assumeTrue(Files.isDirectory(dir),
                "fail2ban sample logs missing at " + dir + "; run scripts/fetch-datasets.sh autoblocker-ledger");
        return dir;
    }
}
