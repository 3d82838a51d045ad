package io.multisystem.core.boot;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports a configuration value that cannot be bound or fails validation as one line naming the property, the value
 * and the expected form, ahead of Spring Boot's multi-line analysis.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class InvalidConfigurationFailureAnalyzer implements FailureAnalyzer {
    @Override
    public FailureAnalysis analyze(Throwable failure) {
        return ConfigurationProblem.find(failure)
                .map(problem -> new FailureAnalysis(problem.oneLine(),
                        "Fix property '" + problem.property() + "' and start again.", failure))
                .orElse(null);
    }
}
