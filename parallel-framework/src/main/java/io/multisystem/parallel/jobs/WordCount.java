package io.multisystem.parallel.jobs;

import io.multisystem.parallel.collection.Dataset;
import io.multisystem.parallel.collection.Pair;
import io.multisystem.parallel.task.Ref;
import io.multisystem.parallel.task.Task;
import io.multisystem.parallel.task.TaskEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Word count over text files, the classic MapReduce job, on {@link Dataset}: byte-range splits of the files are read
 * in parallel, split into words (maximal runs of Unicode letters, digits and apostrophes, lower-cased with the root
 * locale), counted per split (map-side combine) and merged by a hash shuffle.
 */
public final class WordCount {
    private WordCount() {
    }

    /** Every distinct word with its count, most frequent first, ties in alphabetical order. */
    public static Ref<List<Pair<String, Long>>> submit(TaskEngine engine, List<Path> files, long splitBytes) {
        Dataset<Pair<String, Long>> counts = Dataset.textFiles(engine, files, splitBytes)
                .flatMap(WordCount::words)
                .reduceByKey(word -> word, word -> 1L, Long::sum);
        Task<List<Pair<String, Long>>> order = Task.of1("wordcount.order", (List<Pair<String, Long>> all) -> {
            List<Pair<String, Long>> sorted = new ArrayList<>(all);
            sorted.sort(Comparator.<Pair<String, Long>>comparingLong(Pair::value).reversed()
                    .thenComparing(Pair::key));
            return sorted;
        });
        return engine.submit(order, counts.collect());
    }

    /** The words of one line. */
    public static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= line.length(); i++) {
            boolean wordChar = i < line.length() && isWordChar(line.charAt(i));
            if (wordChar && start < 0) {
                start = i;
            } else if (!wordChar && start >= 0) {
                words.add(line.substring(start, i).toLowerCase(Locale.ROOT));
                start = -1;
            }
        }
        return words;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '\'';
    }
}
