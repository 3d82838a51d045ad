package io.multisystem.parallel.collection;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.parallel.task.TaskEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetTest {
    private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(30);
    private final TaskEngine engine = TaskEngine.builder().parallelism(2).build();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void narrowOperationsMatchASequentialStream() {
        List<Integer> input = new SplittableRandom(1).ints(10_000, -1000, 1000).boxed().toList();

        List<Integer> result = Dataset.of(engine, input, Partitioning.exactly(7))
                .map(x -> x * 3)
                .filter(x -> x % 2 == 0)
                .flatMap(x -> List.of(x, -x))
                .collect().get(WAIT);

        List<Integer> expected = input.stream().map(x -> x * 3).filter(x -> x % 2 == 0)
                .flatMap(x -> java.util.stream.Stream.of(x, -x)).toList();
        assertThat(result).isEqualTo(expected);
    }

    @Test
    void rangeCountAndReduceCoverEveryValueOnce() {
        Dataset<Long> range = Dataset.range(engine, -5, 100_003, Partitioning.auto(2));

        assertThat(range.partitionCount()).isGreaterThan(1);
        assertThat(range.count().get(WAIT)).isEqualTo(100_008L);
        assertThat(range.reduce(0L, Long::sum).get(WAIT)).isEqualTo(LongStream.range(-5, 100_003).sum());
    }

    @Test
    void reduceByKeyCombinesAcrossPartitions() {
        List<String> words = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            words.add("w" + random.nextInt(300));
        }

        Map<String, Long> counts = Dataset.of(engine, words, Partitioning.exactly(9))
                .reduceByKey(w -> w, w -> 1L, Long::sum)
                .collect().get(WAIT).stream().collect(Collectors.toMap(Pair::key, Pair::value));

        assertThat(counts).isEqualTo(words.stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting())));
    }

    @Test
    void groupByPutsEachKeyInExactlyOneGroup() {
        List<Integer> input = LongStream.range(0, 5000).mapToObj(i -> (int) i).toList();

        List<Pair<Integer, List<Integer>>> groups = Dataset.of(engine, input, Partitioning.exactly(5))
                .groupBy(x -> x % 37).collect().get(WAIT);

        assertThat(groups).hasSize(37);
        assertThat(groups.stream().map(Pair::key).distinct()).hasSize(37);
        for (Pair<Integer, List<Integer>> g : groups) {
            assertThat(g.value()).allMatch(x -> x % 37 == g.key());
        }
        assertThat(groups.stream().mapToInt(g -> g.value().size()).sum()).isEqualTo(5000);
    }

    @Test
    void joinPairsEveryMatchingLeftAndRightElement() {
        List<Pair<Integer, String>> users = List.of(Pair.of(1, "ada"), Pair.of(2, "bob"), Pair.of(3, "cy"));
        List<Pair<Integer, String>> orders = List.of(Pair.of(1, "book"), Pair.of(1, "pen"), Pair.of(3, "ink"),
                Pair.of(4, "orphan"));

        List<Pair<Integer, Pair<Pair<Integer, String>, Pair<Integer, String>>>> joined =
                Dataset.of(engine, users, Partitioning.exactly(2))
                        .join(Dataset.of(engine, orders, Partitioning.exactly(3)), Pair::key, Pair::key)
                        .collect().get(WAIT);

        assertThat(joined).extracting(j -> j.value().key().value() + ":" + j.value().value().value())
                .containsExactlyInAnyOrder("ada:book", "ada:pen", "cy:ink");
    }

    @Test
    void sortByGivesAGloballySortedConcatenation() {
        List<Integer> input = new SplittableRandom(3).ints(50_000).boxed().toList();

        Dataset<Integer> sorted = Dataset.of(engine, input, Partitioning.exactly(8))
                .sortBy(x -> x, Comparator.naturalOrder());

        assertThat(sorted.partitionCount()).isEqualTo(8);
        assertThat(sorted.collect().get(WAIT)).isEqualTo(input.stream().sorted().toList());
        assertThat(sorted.partitions().get(0).get(WAIT).size()).isBetween(50_000 / 8 / 2, 50_000 / 8 * 2);
    }

    @Test
    void partitioningByCostSeparatesExpensiveElements() {
        List<Integer> costs = List.of(100, 1, 1, 1, 100, 1, 1, 100);

        List<List<Integer>> parts = Partitioning.byCost(3, (Integer c) -> c).split(costs);

        assertThat(parts).hasSize(3);
        assertThat(parts).allSatisfy(p -> assertThat(p.stream().filter(c -> c == 100).count()).isEqualTo(1));
    }

    @Test
    void textFilesReadEveryLineOnceWhateverTheSplitSize(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.txt");
        Path b = dir.resolve("b.txt");
        Files.writeString(a, "first line\nsecond, longer line\r\n\nfourth\nno newline at end");
        Files.writeString(b, "x\ny\n");
        List<String> expected = List.of("first line", "second, longer line", "", "fourth", "no newline at end", "x",
                "y");

        for (long split : new long[] {1, 2, 3, 5, 11, 12, 13, 64, 1 << 20}) {
            assertThat(Dataset.textFiles(engine, List.of(a, b), split).collect().get(WAIT))
                    .as("split size %d", split).isEqualTo(expected);
        }
    }

    @Test
    void missingInputFileIsRejectedByName(@TempDir Path dir) {
        Path missing = dir.resolve("nope.txt");

        assertThatThrownBy(() -> Dataset.textFiles(engine, List.of(missing), 100))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nope.txt")
                .extracting("code").isEqualTo("FILE_NOT_READABLE");
    }

    @Test
    void badRangeAndPartitioningAreRejected() {
        assertThatThrownBy(() -> Dataset.range(engine, 5, 4, Partitioning.auto(2)))
                .extracting("code").isEqualTo("INVALID_RANGE");
        assertThatThrownBy(() -> Partitioning.bySize(0, 10)).extracting("code").isEqualTo("INVALID_PARTITIONING");
    }
}
