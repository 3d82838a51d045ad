package io.multisystem.parallel.collection;

import java.io.Serializable;

/**
 * Decides which of {@code partitions} output partitions a key goes to in a shuffle (groupBy, reduceByKey, join, sort).
 * Must be deterministic: equal keys always go to the same partition, or grouping and joining break.
 */
@FunctionalInterface
public interface Partitioner<K> extends Serializable {
    /** A partition index in {@code [0, partitions)}. */
    int partition(K key, int partitions);

    /** Hash partitioning: {@code floorMod(spread(hashCode), partitions)}; null keys go to partition 0. */
    static <K> Partitioner<K> hash() {
        return (key, partitions) -> {
            if (key == null) {
                return 0;
            }
            int h = key.hashCode();
            h ^= (h >>> 16);
            h *= 0x85ebca6b;
            h ^= (h >>> 13);
            return Math.floorMod(h, partitions);
        };
    }
}
