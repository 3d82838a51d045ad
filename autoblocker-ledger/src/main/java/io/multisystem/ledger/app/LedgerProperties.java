package io.multisystem.ledger.app;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * autoblocker-ledger settings, under {@code multisystem.ledger.*}.
 *
 * @param nodeId            this node's id in the cluster (default n1)
 * @param raftPort          Raft port of a single-node cluster when {@code peers} is empty (default 9202; 0 picks one)
 * @param peers             the cluster, {@code id=host:raftPort[@host:grpcPort]} each; empty: a one-node cluster
 * @param fsync             block store fsync policy: always, interval, never
 * @param snapshotThreshold Raft log entries between snapshots
 * @param quorum            summed domain trust weight that makes a decision global
 * @param weights           trust weight per domain (default 1)
 * @param allowlist         CIDRs never blocked (loopback is always included)
 * @param bouncerKeys       SHA-256 hex of the API keys CrowdSec bouncers send as X-Api-Key
 * @param maxRetry / findTime / banTime the jail applied per (domain, event kind)
 * @param eventsPerSecond   per-domain ingestion rate limit
 * @param scenarios         CrowdSec scenario files or directories run over every ingested event
 * @param apiKeysFile       the domain API key store (hashed keys; empty: {@code <data dir>/api-keys}); when it holds
 *                          at least one active key, ReportEvents and the LAPI endpoint require a key
 */
@Validated
@ConfigurationProperties("multisystem.ledger")
public record LedgerProperties(@DefaultValue("n1") String nodeId, @DefaultValue("9202") int raftPort,
                               @DefaultValue List<String> peers, @DefaultValue("interval") String fsync,
                               @DefaultValue("10000") long snapshotThreshold, @DefaultValue("2") double quorum,
                               @DefaultValue Map<String, Double> weights, @DefaultValue List<String> allowlist,
                               @DefaultValue List<String> bouncerKeys, @DefaultValue("5") int maxRetry,
                               @DefaultValue("10m") Duration findTime, @DefaultValue("4h") Duration banTime,
                               @DefaultValue("5000") double eventsPerSecond, @DefaultValue List<String> scenarios,
                               @DefaultValue("") String apiKeysFile) {
}
