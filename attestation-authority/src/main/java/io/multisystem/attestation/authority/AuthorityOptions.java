package io.multisystem.attestation.authority;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link Authority}.
 *
 * @param origin          the log's origin line in checkpoints (and note key name), e.g. {@code example.com/attestations}
 * @param pollInterval    how often to look for other instances' writes (revocations, issuers) in the shared
 *                        database; zero disables polling
 * @param statusListId    the URL (id) of the status list credential
 * @param maxClockSkew    how far in the future a caller-given "compromised at" time may lie
 * @param issueTimeout    how long an {@link Authority#issue} caller waits for room in the group-commit queue and then
 *                        for its own commit before it gets {@code UNAVAILABLE}
 */
public record AuthorityOptions(String origin, Duration pollInterval, String statusListId, Duration maxClockSkew,
        Duration issueTimeout) {
    /** Default {@link #issueTimeout}. */
    public static final Duration DEFAULT_ISSUE_TIMEOUT = Duration.ofSeconds(30);


    public AuthorityOptions {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(statusListId, "statusListId");
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        Objects.requireNonNull(issueTimeout, "issueTimeout");
        if (issueTimeout.isNegative() || issueTimeout.isZero()) {
            throw new IllegalArgumentException("issueTimeout must be positive, was " + issueTimeout);
        }
    }

    /** Settings with the default issue timeout (30 s). */
    public AuthorityOptions(String origin, Duration pollInterval, String statusListId, Duration maxClockSkew) {
        this(origin, pollInterval, statusListId, maxClockSkew, DEFAULT_ISSUE_TIMEOUT);
    }

    /** Origin {@code attestation-authority.multisystem.local/log}, 200 ms polling, 5 minutes of clock skew. */
    public static AuthorityOptions defaults() {
        return new AuthorityOptions("attestation-authority.multisystem.local/log", Duration.ofMillis(200),
                "https://attestation-authority.multisystem.local/status/1", Duration.ofMinutes(5));
    }

    public AuthorityOptions withPollInterval(Duration interval) {
        return new AuthorityOptions(origin, interval, statusListId, maxClockSkew, issueTimeout);
    }

    public AuthorityOptions withOrigin(String newOrigin) {
        return new AuthorityOptions(newOrigin, pollInterval, statusListId, maxClockSkew, issueTimeout);
    }

    public AuthorityOptions withIssueTimeout(Duration timeout) {
        return new AuthorityOptions(origin, pollInterval, statusListId, maxClockSkew, timeout);
    }
}
