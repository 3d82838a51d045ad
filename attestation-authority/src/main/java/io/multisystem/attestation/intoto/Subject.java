package io.multisystem.attestation.intoto;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One subject of an in-toto Statement: the artifact's name and its digests by algorithm (a DigestSet, e.g.
 * {@code {"sha256": "<64 hex>"}}). Immutable; digests are kept sorted by algorithm. Field rules are enforced by
 * {@link Statement#parse} and {@link Statement#of}.
 *
 * @param name   the artifact name (may be empty, never null)
 * @param digest algorithm to lowercase hex value, at least one entry
 */
public record Subject(String name, Map<String, String> digest) {
    public Subject {
        Objects.requireNonNull(name, "name");
        digest = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(digest, "digest")));
    }
}
