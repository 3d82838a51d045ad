package io.multisystem.pipeline.validation;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One Deequ-style constraint. Record-level constraints ({@code complete}, {@code range}, {@code pattern},
 * {@code allowed}, {@code unique}) judge each record: a failing record goes to the dead-letter output with the
 * constraint as its reason, and the constraint's metric is the fraction of records that passed. Dataset-level
 * constraints ({@code completeness}, {@code uniqueness}, {@code mean}, {@code min}, {@code max}, {@code stddev},
 * {@code size}) compute a metric over all records and compare it with bounds; they never reject single records.
 *
 * @param name     a stable name for reports and metrics, e.g. {@code range(age)}
 * @param check    the kind of check
 * @param column   the column it applies to (null for {@code size})
 * @param low      lower bound (inclusive), or null
 * @param high     upper bound (inclusive), or null
 * @param pattern  for {@code pattern}: the regex a value must match entirely
 * @param allowed  for {@code allowed}: the permitted values (compared as text)
 */
public record Constraint(String name, Check check, String column, Double low, Double high, Pattern pattern,
                         List<String> allowed) {

    /** The kinds of constraint. */
    public enum Check {
        COMPLETE(true), RANGE(true), PATTERN(true), ALLOWED(true), UNIQUE(true),
        COMPLETENESS(false), UNIQUENESS(false), MEAN(false), MIN(false), MAX(false), STDDEV(false), SIZE(false);

        private final boolean recordLevel;

        Check(boolean recordLevel) {
            this.recordLevel = recordLevel;
        }

        public boolean isRecordLevel() {
            return recordLevel;
        }
    }
}
