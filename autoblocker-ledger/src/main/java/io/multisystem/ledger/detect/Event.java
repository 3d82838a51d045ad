package io.multisystem.ledger.detect;

import io.multisystem.core.crypto.Hashes;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** A security event reported by a domain: who ({@code source}) did what ({@code kind}) when, with labels. */
public record Event(String id, String domain, String source, String kind, Map<String, String> labels, Instant time) {
    /** SHA-256 hex over a canonical form (labels sorted): the evidence hash a decision cites. */
    public String hash() {
        StringBuilder b = new StringBuilder();
        b.append(id).append('\n').append(domain).append('\n').append(source).append('\n').append(kind).append('\n')
                .append(time.toEpochMilli()).append('\n');
        new TreeMap<>(labels).forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return Hashes.toHex(Hashes.sha256(b.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
