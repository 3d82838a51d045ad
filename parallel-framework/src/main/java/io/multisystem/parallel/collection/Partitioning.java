package io.multisystem.parallel.collection;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.parallel.task.TaskEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * How a source is cut into partitions: by element count or by estimated cost, always between 1 and
 * {@code maxPartitions} partitions of contiguous elements.
 *
 * <p>Design note: partitions should be big enough that a task's fixed overhead (a few microseconds) is negligible,
 * and numerous enough that work stealing can balance the workers; {@link #auto(int)} aims at four partitions per
 * worker but never fewer than {@code minElements} elements per partition. {@link #byCost} greedily closes a partition
 * once its summed cost reaches the even share, so a few expensive elements (large files, heavy rows) do not land in
 * the same partition.
 */
public final class Partitioning {
    private final int maxPartitions;
    private final int minElements;
    private final ToLongFunction<Object> cost;

    private Partitioning(int maxPartitions, int minElements, ToLongFunction<Object> cost) {
        this.maxPartitions = maxPartitions;
        this.minElements = minElements;
        this.cost = cost;
    }

    /** Four partitions per worker, at least 1,024 elements each. */
    public static Partitioning auto(int workers) {
        return bySize(Math.max(1, workers) * 4, 1_024);
    }

    /**
     * @throws InvalidInputException with code {@code INVALID_PARTITIONING} unless both arguments are at least 1
     */
    public static Partitioning bySize(int maxPartitions, int minElementsPerPartition) {
        if (maxPartitions < 1 || minElementsPerPartition < 1) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "INVALID_PARTITIONING",
                    "partition count and minimum partition size must be at least 1, were " + maxPartitions + " and "
                            + minElementsPerPartition);
        }
        return new Partitioning(maxPartitions, minElementsPerPartition, null);
    }

    /** Exactly {@code partitions} partitions (fewer if there are fewer elements). */
    public static Partitioning exactly(int partitions) {
        return bySize(partitions, 1);
    }

    /** Balances the summed {@code cost} of the elements across at most {@code maxPartitions} partitions. */
    @SuppressWarnings("unchecked")
    public static <T> Partitioning byCost(int maxPartitions, ToLongFunction<? super T> cost) {
        bySize(maxPartitions, 1);
        return new Partitioning(maxPartitions, 1, element -> Math.max(0, ((ToLongFunction<Object>) cost)
                .applyAsLong(element)));
    }

    /** The number of partitions for {@code size} elements when cutting by size. */
    public int partitionsFor(long size) {
        if (size <= 0) {
            return 1;
        }
        long bySize = (size + minElements - 1) / minElements;
        return (int) Math.max(1, Math.min(maxPartitions, bySize));
    }

    /** Cuts {@code elements} into contiguous runs. Never returns an empty list; an empty input gives one empty run. */
    public <T> List<List<T>> split(List<T> elements) {
        List<List<T>> parts = new ArrayList<>();
        if (cost == null) {
            int n = partitionsFor(elements.size());
            for (int p = 0; p < n; p++) {
                int from = (int) ((long) p * elements.size() / n);
                int to = (int) ((long) (p + 1) * elements.size() / n);
                parts.add(new ArrayList<>(elements.subList(from, to)));
            }
            return parts;
        }
        long total = 0;
        for (T e : elements) {
            total += cost.applyAsLong(e);
        }
        int n = Math.max(1, Math.min(maxPartitions, elements.size()));
        double share = (double) total / n;
        List<T> current = new ArrayList<>();
        double currentCost = 0;
        for (T e : elements) {
            current.add(e);
            currentCost += cost.applyAsLong(e);
            if (currentCost >= share && parts.size() < n - 1) {
                parts.add(current);
                current = new ArrayList<>();
                currentCost = 0;
            }
        }
        if (!current.isEmpty() || parts.isEmpty()) {
            parts.add(current);
        }
        return parts;
    }
}
