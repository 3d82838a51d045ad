package io.multisystem.chaos.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A request to add a toxic, with Toxiproxy's defaults for what is left null: name {@code <type>_<stream>}, stream
 * downstream, toxicity 1.0, every attribute 0, every client, no expiry unless the engine has a default one.
 *
 * @param name       the toxic's name, or null for {@code <type>_<stream>}
 * @param type       the wire name of a {@link ToxicType}; required
 * @param stream     {@code upstream} or {@code downstream} (any case), or null for downstream
 * @param toxicity   in [0, 1], or null for 1.0
 * @param attributes attributes of the type; null or missing ones are 0
 * @param sources    CIDR blocks of the clients it applies to; null or empty for all
 * @param expiresIn  how long it stays before the engine removes it; null for the engine's default
 */
public record NewToxic(String name, String type, String stream, Double toxicity, Map<String, Long> attributes,
                       List<String> sources, Duration expiresIn) {

    /** A toxic of {@code type} on {@code stream} with the given attributes and every other field defaulted. */
    public static NewToxic of(ToxicType type, StreamDirection stream, Map<String, Long> attributes) {
        return new NewToxic(null, type.wireName(), stream.wireName(), null, attributes, null, null);
    }
}
