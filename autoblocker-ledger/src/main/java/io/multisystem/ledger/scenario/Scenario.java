package io.multisystem.ledger.scenario;

import java.time.Duration;
import java.util.Map;

/**
 * One loaded CrowdSec scenario: where it came from, its bucket type and parameters, and its compiled expressions.
 *
 * @param file        the file it was read from (for messages)
 * @param line        1-based line of the document's first key
 * @param type        bucket type
 * @param filter      which events enter the bucket
 * @param groupBy     the bucket key (null: one bucket)
 * @param distinct    only events whose value of this expression is not already in the bucket count (null: all)
 * @param condition   conditional buckets: overflow when true over {@code queue.Queue}
 * @param capacity    events a leaky bucket holds before overflowing (-1: unlimited, counter / conditional)
 * @param leakSpeed   time for one event to leak out (leaky, conditional)
 * @param duration    counter window
 * @param blackhole   after an overflow, the same key is ignored this long
 * @param labels      the scenario's labels (remediation, classification, ...)
 * @param scopeType   "Ip" (default) or "Range" or another CrowdSec scope word
 * @param scopeExpr   how to compute the scope value from the last event (null: the source address)
 */
public record Scenario(String file, int line, String name, String description, BucketType type, Expr filter,
                       Expr groupBy, Expr distinct, Expr condition, int capacity, Duration leakSpeed, Duration duration,
                       Duration blackhole, Map<String, Object> labels, String scopeType, Expr scopeExpr) {

    /** CrowdSec bucket types. */
    public enum BucketType {
        LEAKY, TRIGGER, COUNTER, CONDITIONAL;

        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whether an overflow of this scenario should become a decision ({@code labels.remediation: true}). */
    public boolean remediation() {
        Object r = labels.get("remediation");
        return r instanceof Boolean b ? b : r != null && "true".equalsIgnoreCase(r.toString());
    }
}
