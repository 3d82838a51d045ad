package io.multisystem.core.types;

import io.multisystem.core.error.InvalidInputException;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A platform identifier: a UUID version 7 (RFC 9562 section 5.7), so ids sort by creation time. Immutable,
 * thread-safe, ordered by their 128-bit unsigned value (which is creation order for ids from one {@link IdGenerator}).
 * The text form is the canonical lowercase 8-4-4-4-12 hex.
 */
public final class Id implements Comparable<Id> {
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final long msb;
    private final long lsb;

    Id(long msb, long lsb) {
        this.msb = msb;
        this.lsb = lsb;
    }

    /**
     * Parses the canonical text form (either case).
     *
     * @throws InvalidInputException code {@code ID_INVALID} if the text is not a canonical UUID, or not a version 7
     *         UUID with the RFC 9562 variant
     */
    public static Id parse(String text) {
        if (text == null || !CANONICAL.matcher(text).matches()) {
            throw new InvalidInputException("shared-core", "ID_INVALID",
                    "id must be a UUID in 8-4-4-4-12 hex form, got '" + text + "'");
        }
        return fromUuid(UUID.fromString(text));
    }

    /**
     * @throws InvalidInputException code {@code ID_INVALID} if the UUID is not version 7 with the RFC 9562 variant
     */
    public static Id fromUuid(UUID uuid) {
        Objects.requireNonNull(uuid, "uuid");
        if (uuid.version() != 7 || uuid.variant() != 2) {
            throw new InvalidInputException("shared-core", "ID_INVALID",
                    "id must be a version 7 UUID (RFC 9562), got version " + uuid.version() + " variant "
                            + uuid.variant() + ": " + uuid);
        }
        return new Id(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    public UUID toUuid() {
        return new UUID(msb, lsb);
    }

    /** The Unix time in milliseconds embedded in the id. */
    public long unixMillis() {
        return msb >>> 16;
    }

    /** The creation time embedded in the id, to the millisecond. */
    public Instant createdAt() {
        return Instant.ofEpochMilli(unixMillis());
    }

    @Override
    public int compareTo(Id other) {
        int byHigh = Long.compareUnsigned(msb, other.msb);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(lsb, other.lsb);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Id that && msb == that.msb && lsb == that.lsb;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(msb) * 31 + Long.hashCode(lsb);
    }

    /** Canonical lowercase text form. */
    @Override
    public String toString() {
        return toUuid().toString();
    }
}
