package io.multisystem.chaos.proxy;

import java.util.Locale;
import java.util.Optional;

/**
 * The direction of the bytes a toxic acts on, named as in Toxiproxy: {@link #UPSTREAM} is client to server,
 * {@link #DOWNSTREAM} server to client.
 */
public enum StreamDirection {
    /** Bytes sent by the client towards the upstream server. */
    UPSTREAM("upstream"),
    /** Bytes sent by the upstream server back to the client (Toxiproxy's default). */
    DOWNSTREAM("downstream");

    private final String wireName;

    StreamDirection(String wireName) {
        this.wireName = wireName;
    }

    /** The lowercase name used on the wire ({@code upstream} or {@code downstream}). */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name case-insensitively, as Toxiproxy does.
     *
     * @return the direction, or empty if {@code value} is null or names neither direction
     */
    public static Optional<StreamDirection> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String lower = value.toLowerCase(Locale.ROOT);
        for (StreamDirection direction : values()) {
            if (direction.wireName.equals(lower)) {
                return Optional.of(direction);
            }
        }
        return Optional.empty();
    }
}
