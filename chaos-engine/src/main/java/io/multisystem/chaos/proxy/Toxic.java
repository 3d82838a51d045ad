package io.multisystem.chaos.proxy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One toxic as configured on a proxy. Immutable.
 *
 * @param name       unique within the proxy
 * @param stream     the direction it acts on
 * @param toxicity   probability in [0, 1] that it applies to a given connection; 0 means never, 1 always
 * @param attributes its type and type-specific attributes
 * @param sources    the client addresses it applies to; {@link SourceFilter#any()} for all
 * @param expiresAt  when the engine removes it by itself; null if it stays until removed
 */
public record Toxic(String name, StreamDirection stream, double toxicity, ToxicAttributes attributes,
                    SourceFilter sources, Instant expiresAt) {
    public Toxic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(sources, "sources");
    }

    /** The toxic's type. */
    public ToxicType type() {
        return attributes.type();
    }

    /** When the toxic expires, if it does. */
    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }
}
