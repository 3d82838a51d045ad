package io.multisystem.learner.app;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * auto-learner settings, under {@code multisystem.learner.*}.
 *
 * @param datasets where the fetched data sets are ({@code scripts/fetch-datasets.sh auto-learner}); when unset:
 *                 {@code $MULTISYSTEM_DATASETS}, else the nearest {@code .datasets} above the working directory
 */
@ConfigurationProperties("multisystem.learner")
public record AutoLearnerProperties(Path datasets) {
}
