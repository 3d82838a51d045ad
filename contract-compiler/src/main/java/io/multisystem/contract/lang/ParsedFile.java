package io.multisystem.contract.lang;

import java.util.List;

/** Everything one contract source holds: policies (and templates), rate limits and SLAs. */
public record ParsedFile(List<Policy> policies, List<RateLimitDecl> rateLimits, List<SlaDecl> slas) {
    public ParsedFile {
        policies = List.copyOf(policies);
        rateLimits = List.copyOf(rateLimits);
        slas = List.copyOf(slas);
    }
}
