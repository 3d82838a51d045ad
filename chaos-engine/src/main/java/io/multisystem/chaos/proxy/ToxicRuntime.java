package io.multisystem.chaos.proxy;

import java.net.InetAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.random.RandomGenerator;

/**
 * A toxic as installed on a proxy: its definition plus the state shared by every link it applies to. A new runtime
 * replaces the old one on every update, so links recognise updates by identity. Thread-safe: the definition is
 * immutable, the shared pacer synchronises itself, the expiry handle is guarded by the engine's lock.
 */
final class ToxicRuntime {
    private final Toxic toxic;
    private final SharedRate sharedRate;
    private ScheduledFuture<?> expiry;

    ToxicRuntime(Toxic toxic) {
        this.toxic = toxic;
        this.sharedRate = toxic.type() == ToxicType.PROXY_BANDWIDTH
                ? new SharedRate(toxic.attributes().get("rate"))
                : null;
    }

    Toxic toxic() {
        return toxic;
    }

    String name() {
        return toxic.name();
    }

    /**
     * Whether this toxic acts on a link of a client at {@code client}: the source filter must match, and a toxicity
     * draw must succeed (1 always does, 0 never does).
     */
    boolean appliesTo(InetAddress client, RandomGenerator random) {
        if (!toxic.sources().matches(client)) {
            return false;
        }
        double toxicity = toxic.toxicity();
        return toxicity >= 1.0 || (toxicity > 0.0 && random.nextDouble() < toxicity);
    }

    ToxicStage newStage() {
        return ToxicStages.create(toxic, sharedRate);
    }

    void expireWith(ScheduledFuture<?> future) {
        cancelExpiry();
        this.expiry = future;
    }

    void cancelExpiry() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }
}
