package io.multisystem.core.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DomainIsolationRulesTest {
    private static final String ROOT = "io.multisystem.core.testing.fixture";

    @Test
    void flagsDomainCodeThatUsesSpringAndAllowsAdaptersToUseGrpc() {
        JavaClasses classes = new ClassFileImporter().importPackages(ROOT);
        EvaluationResult result = DomainIsolationRules.domainMustNotUseFrameworks(ROOT).evaluate(classes);

        assertThat(result.hasViolation()).isTrue();
        String report = String.join("\n", result.getFailureReport().getDetails());
        assertThat(report).contains("LeakyEngine").contains("org.springframework")
                .doesNotContain("PlainEngine").doesNotContain("EngineAdapter");
    }
}
