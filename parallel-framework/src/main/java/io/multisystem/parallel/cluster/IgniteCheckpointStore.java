package io.multisystem.parallel.cluster;

import io.multisystem.core.error.UnavailableException;
import io.multisystem.parallel.task.CheckpointStore;
import io.multisystem.parallel.task.TaskEngine;
import java.util.Optional;
import javax.cache.CacheException;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteException;

/**
 * Checkpoints in an Ignite cache: {@code REPLICATED} with {@code FULL_SYNC} writes (see {@link IgniteCluster}), so a
 * put returns only once every server node holds the value, and checkpoints survive as long as one server node does.
 * A single-key put is atomic in Ignite: readers see the old value or the whole new one.
 */
final class IgniteCheckpointStore implements CheckpointStore {
    private final IgniteCache<String, byte[]> cache;

    IgniteCheckpointStore(IgniteCache<String, byte[]> cache) {
        this.cache = cache;
    }

    @Override
    public Optional<byte[]> find(String key) {
        try {
            return Optional.ofNullable(cache.get(key));
        } catch (CacheException | IgniteException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void put(String key, byte[] value) {
        try {
            cache.put(key, value);
        } catch (CacheException | IgniteException e) {
            throw unavailable(e);
        }
    }

    /** Checkpoints stored now, on the whole cluster. */
    long size() {
        return cache.sizeLong();
    }

    private static UnavailableException unavailable(RuntimeException e) {
        return new UnavailableException(TaskEngine.COMPONENT, "CHECKPOINT_CACHE_UNAVAILABLE",
                "the cluster checkpoint cache is not reachable: " + e.getMessage());
    }
}
