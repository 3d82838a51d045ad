package io.multisystem.ledger.engine;

import java.time.Duration;

/**
 * Ingestion settings of a {@link LedgerEngine}.
 *
 * @param maxRetry / findTime / banTime / banIncrement / banFactor / banMaxTime the jail applied per (domain, kind)
 * @param eventsPerSecond per-domain ingestion rate (token bucket), with {@code burst}
 * @param maxPast / maxFuture events older / newer than this relative to the clock are refused (null: no check,
 *                           for replaying old logs)
 * @param commitTimeout      how long a write waits for the Raft commit
 */
public record EngineOptions(int maxRetry, Duration findTime, Duration banTime, boolean banIncrement, double banFactor,
                            Duration banMaxTime, double eventsPerSecond, double burst, Duration maxPast,
                            Duration maxFuture, Duration commitTimeout) {
    public static EngineOptions defaults() {
        return new EngineOptions(5, Duration.ofMinutes(10), Duration.ofHours(4), true, 1.0, Duration.ofDays(7),
                5000, 20000, Duration.ofDays(7), Duration.ofMinutes(5), Duration.ofSeconds(10));
    }

    /** The same options without the event-time window (replaying historical logs). */
    public EngineOptions replay() {
        return new EngineOptions(maxRetry, findTime, banTime, banIncrement, banFactor, banMaxTime,
                Double.MAX_VALUE / 4, Double.MAX_VALUE / 4, null, null, commitTimeout);
    }

    public EngineOptions withJail(int retry, Duration find, Duration ban) {
        return new EngineOptions(retry, find, ban, banIncrement, banFactor, banMaxTime, eventsPerSecond, burst,
                maxPast, maxFuture, commitTimeout);
    }

    public EngineOptions withRate(double perSecond, double burstSize) {
        return new EngineOptions(maxRetry, findTime, banTime, banIncrement, banFactor, banMaxTime, perSecond, burstSize,
                maxPast, maxFuture, commitTimeout);
    }
}
