package io.multisystem.ledger.decision;

import java.util.ArrayList;
import java.util.List;

/**
 * CIDR ranges that are never blocked (the platform's own addresses, monitoring, partners). Checked before any
 * decision is proposed: a decision on an address or range that overlaps an allowlisted range is refused.
 */
public final class Allowlist {
    private final List<IpRange> ranges;

    public Allowlist(List<String> cidrs) {
        List<IpRange> parsed = new ArrayList<>();
        for (String c : cidrs) {
            parsed.add(IpRange.parse(c));
        }
        this.ranges = List.copyOf(parsed);
    }

    public static Allowlist empty() {
        return new Allowlist(List.of());
    }

    /** The allowlisted range that protects (overlaps) {@code target}, if any. */
    public IpRange protecting(IpRange target) {
        for (IpRange r : ranges) {
            if (r.contains(target) || target.contains(r)) {
                return r;
            }
        }
        return null;
    }

    public List<IpRange> ranges() {
        return ranges;
    }
}
