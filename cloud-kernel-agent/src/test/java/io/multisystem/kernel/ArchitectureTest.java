package io.multisystem.kernel;

import io.multisystem.core.testing.DomainIsolationRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    @Test
    void domainPackagesImportNeitherSpringNorGrpc() {
        DomainIsolationRules.check("io.multisystem.kernel");
    }
}
