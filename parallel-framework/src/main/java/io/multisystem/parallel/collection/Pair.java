package io.multisystem.parallel.collection;

import java.io.Serializable;

/** A key and a value, the element type of keyed operations (groupBy, reduceByKey, join). */
public record Pair<K, V>(K key, V value) implements Serializable {
    public static <K, V> Pair<K, V> of(K key, V value) {
        return new Pair<>(key, value);
    }
}
