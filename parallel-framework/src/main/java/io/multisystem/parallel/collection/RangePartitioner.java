package io.multisystem.parallel.collection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Range partitioning for sorts: {@code partitions - 1} ascending split points chosen from a sample of the keys, so
 * partition {@code i} holds keys between split point {@code i-1} (exclusive) and {@code i} (inclusive), and
 * concatenating the sorted partitions in order gives a sorted whole. A key is placed by binary search, O(log p).
 *
 * <p>Design note: split points are the sample's quantiles (as Spark and Hadoop's TotalOrderPartitioner do); with a
 * sample of {@code 20 * partitions} keys per input partition, partitions come out within a few percent of equal on
 * non-degenerate data. Runs of equal keys cannot be split, so heavily repeated keys can leave a partition larger.
 */
public final class RangePartitioner<K> implements Partitioner<K> {
    private final Object[] splitPoints;
    private final Comparator<? super K> order;

    private RangePartitioner(Object[] splitPoints, Comparator<? super K> order) {
        this.splitPoints = splitPoints;
        this.order = order;
    }

    /** Split points at the quantiles of {@code sample} for {@code partitions} output partitions. */
    public static <K> RangePartitioner<K> fromSample(List<K> sample, int partitions, Comparator<? super K> order) {
        List<K> sorted = new ArrayList<>(sample);
        sorted.sort(order);
        List<Object> points = new ArrayList<>();
        for (int i = 1; i < partitions && !sorted.isEmpty(); i++) {
            K candidate = sorted.get((int) ((long) i * sorted.size() / partitions));
            if (points.isEmpty() || order.compare(candidate, cast(points.get(points.size() - 1))) > 0) {
                points.add(candidate);
            }
        }
        return new RangePartitioner<>(points.toArray(), order);
    }

    /** The split points, ascending, at most {@code partitions - 1} of them. */
    public List<Object> splitPoints() {
        return Arrays.asList(splitPoints.clone());
    }

    @Override
    public int partition(K key, int partitions) {
        int low = 0;
        int high = splitPoints.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (order.compare(key, cast(splitPoints[mid])) > 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return Math.min(low, partitions - 1);
    }

    @SuppressWarnings("unchecked")
    private static <K> K cast(Object o) {
        return (K) o;
    }
}
