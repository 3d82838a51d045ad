package io.multisystem.parallel;

import io.multisystem.core.testing.DomainIsolationRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    @Test
    void domainPackagesImportNeitherSpringNorGrpc() {
        DomainIsolationRules.check("io.multisystem.parallel");
    }
}
