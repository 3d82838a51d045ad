package io.multisystem.chaos.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A change to an existing toxic; null fields are left as they are, and attributes not named keep their values
 * (Toxiproxy's update semantics). The name, type and stream of a toxic cannot change.
 *
 * @param toxicity   the new toxicity in [0, 1], or null
 * @param attributes the attributes to change, or null
 * @param sources    the new source filter (empty list = all clients), or null
 * @param expiresIn  a new expiry counted from now ({@link Duration#ZERO} removes the expiry), or null
 */
public record ToxicPatch(Double toxicity, Map<String, Long> attributes, List<String> sources, Duration expiresIn) {
}
