package io.multisystem.ledger.state;

import io.multisystem.ledger.decision.Allowlist;

import java.time.Duration;
import java.util.Map;

/**
 * The cross-domain policy, identical on every node: each domain's trust weight (default {@code defaultWeight});
 * a reported target is blocked globally once the weights of the distinct domains that reported it within
 * {@code reportWindow} add up to {@code quorum}; otherwise only in the reporting domains. Allowlisted ranges are
 * never blocked.
 */
public record Policy(Map<String, Double> weights, double defaultWeight, double quorum, Duration reportWindow,
                     Allowlist allowlist) {
    public static Policy defaults() {
        return new Policy(Map.of(), 1.0, 2.0, Duration.ofHours(1), Allowlist.empty());
    }

    public double weight(String domain) {
        return weights.getOrDefault(domain, defaultWeight);
    }
}
