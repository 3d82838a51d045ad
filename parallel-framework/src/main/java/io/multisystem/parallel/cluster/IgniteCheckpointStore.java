package io.multisystem.parallel.cluster;

import io.multisystem.core.error.UnavailableException;
import io.multisystem.parallel.task.CheckpointStore;
import io.multisystem.parallel.task.TaskEngine;
import java.util.Optional;
import javax.cache.CacheException;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteException;
import org.apache.ignite.lang.IgniteFutureTimeoutException;

/**
 * Checkpoints in an Ignite cache: {@code REPLICATED} with {@code FULL_SYNC} writes (see {@link IgniteCluster}), so a
 * put returns only once every server node holds the value, and checkpoints survive as long as one server node does.
 * A single-key put is atomic in Ignite: readers see the old value or the whole new one.
 */
final class IgniteCheckpointStore implements CheckpointStore {
    /** Deadline of one cache read or write: a cluster that lost its nodes must not hang the scheduler. */
    static final long TIMEOUT_MILLIS = 30_000;

    private final IgniteCache<String, byte[]> cache;

    IgniteCheckpointStore(IgniteCache<String, byte[]> cache) {
        this.cache = cache;
    }

    @Override
    public Optional<byte[]> find(String key) {
        try {
            return Optional.ofNullable(cache.getAsync(key).get(TIMEOUT_MILLIS));
        } catch (IgniteFutureTimeoutException e) {
            throw timedOut("read", key);
        } catch (CacheException | IgniteException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void put(String key, byte[] value) {
        try {
            cache.putAsync(key, value).get(TIMEOUT_MILLIS);
        } catch (IgniteFutureTimeoutException e) {
            throw timedOut("write", key);
        } catch (CacheException | IgniteException e) {
            throw unavailable(e);
        }
    }

    /** Checkpoints stored now, on the whole cluster. */
    long size() {
        return cache.sizeLong();
    }

    private static UnavailableException timedOut(String what, String key) {
        return new UnavailableException(TaskEngine.COMPONENT, "CHECKPOINT_CACHE_UNAVAILABLE",
                "the cluster checkpoint cache did not answer a " + what + " of " + key + " within " + TIMEOUT_MILLIS
                        + " ms; check that the cluster's server nodes are up and reachable");
    }

    private static UnavailableException unavailable(RuntimeException e) {
        return new UnavailableException(TaskEngine.COMPONENT, "CHECKPOINT_CACHE_UNAVAILABLE",
                "the cluster checkpoint cache is not reachable: " + e.getMessage());
    }
}
