package io.multisystem.learner.registry;

import java.time.Instant;

/** One registered model version: {@code name:version}, when it was registered, its architecture and metadata. */
public record ModelRecord(String name, int version, Instant createdAt, String architecture, long parameters,
                          int[] heads, ModelMetadata metadata) {
    public String reference() {
        return name + ":" + version;
    }
}
