package io.multisystem.parallel.jobs;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.parallel.task.Ref;
import io.multisystem.parallel.task.Task;
import io.multisystem.parallel.task.TaskEngine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parallel merge sort on the task graph: one task sorts each chunk of at most {@code chunkSize} elements, then a
 * balanced tree of merge tasks combines them. O(n log n) work, O(n) extra memory; the input is never modified.
 */
public final class ParallelSort {
    private ParallelSort() {
    }

    /**
     * @throws InvalidInputException with code {@code INVALID_CHUNK_SIZE} if {@code chunkSize < 1}
     */
    public static Ref<int[]> submit(TaskEngine engine, int[] values, int chunkSize) {
        if (chunkSize < 1) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "INVALID_CHUNK_SIZE",
                    "chunk size must be at least 1, was " + chunkSize);
        }
        Task<int[]> sortChunk = Task.of2("sort.chunk", (Integer from, Integer to) -> {
            int[] chunk = Arrays.copyOfRange(values, from, to);
            Arrays.sort(chunk);
            return chunk;
        });
        Task<int[]> merge = Task.of2("sort.merge", ParallelSort::merge);
        List<Object> level = new ArrayList<>();
        for (int from = 0; from < values.length; from += chunkSize) {
            level.add(engine.submit(sortChunk, from, Math.min(values.length, from + chunkSize)));
        }
        if (level.isEmpty()) {
            return engine.submit(sortChunk, 0, 0);
        }
        while (level.size() > 1) {
            List<Object> next = new ArrayList<>();
            for (int i = 0; i + 1 < level.size(); i += 2) {
                next.add(engine.submit(merge, level.get(i), level.get(i + 1)));
            }
            if (level.size() % 2 == 1) {
                next.add(level.get(level.size() - 1));
            }
            level = next;
        }
        @SuppressWarnings("unchecked") Ref<int[]> sorted = (Ref<int[]>) level.get(0);
        return sorted;
    }

    static int[] merge(int[] left, int[] right) {
        int[] out = new int[left.length + right.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < left.length && j < right.length) {
            out[k++] = left[i] <= right[j] ? left[i++] : right[j++];
        }
        while (i < left.length) {
            out[k++] = left[i++];
        }
        while (j < right.length) {
            out[k++] = right[j++];
        }
        return out;
    }
}
