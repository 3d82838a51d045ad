package io.multisystem.parallel.jobs;

import io.multisystem.parallel.collection.Pair;
import io.multisystem.parallel.task.Ref;
import io.multisystem.parallel.task.Task;
import io.multisystem.parallel.task.TaskEngine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The job types every service and the CLI offer: fib, pi, sort, wordcount, matmul. */
public final class BuiltInJobs {
    private BuiltInJobs() {
    }

    public static JobCatalog catalog() {
        return new JobCatalog(List.of(fib(), pi(), sort(), wordCount(), matmul()));
    }

    static JobType fib() {
        return new Simple("fib", "fine-grained recursive Fibonacci: one task per call (measures scheduler overhead)",
                List.of(JobParameter.optional("n", "25", "which Fibonacci number, 0-" + Fib.MAX_N),
                        JobParameter.optional("cutoff", "2", "compute sequentially below this n (2 = every call a task)")),
                (engine, p) -> {
                    int n = p.intValue("n", 0, Fib.MAX_N);
                    int cutoff = p.intValue("cutoff", 2, Fib.MAX_N + 1);
                    return then(engine, Fib.submit(engine, n, cutoff), "fib.result",
                            (Long value) -> new JobResult("fib(" + n + ") = " + value,
                                    Map.of("value", Long.toString(value))));
                });
    }

    static JobType pi() {
        return new Simple("pi", "Monte Carlo estimate of pi, reproducible from its seed",
                List.of(JobParameter.optional("samples", "10000000", "darts thrown, 1 to 10^12"),
                        JobParameter.optional("partitions", "64", "tasks sharing the darts"),
                        JobParameter.optional("seed", "42", "random seed"),
                        JobParameter.optional("fault-rate", "0", "probability that a partition task attempt fails "
                                + "on purpose (retried, " + MonteCarloPi.ATTEMPTS + " attempts): try retries, "
                                + "failure paths and record/replay")),
                (engine, p) -> {
                    long samples = p.longValue("samples", 1, 1_000_000_000_000L);
                    int partitions = p.intValue("partitions", 1, 1_000_000);
                    long seed = p.longValue("seed", Long.MIN_VALUE, Long.MAX_VALUE);
                    double faultRate = p.doubleValue("fault-rate", 0.0, 1.0);
                    return then(engine, MonteCarloPi.submit(engine, samples, partitions, seed, faultRate), "pi.result",
                            (Double pi) -> new JobResult("pi ~ " + pi + " from " + samples + " samples",
                                    Map.of("pi", Double.toString(pi), "error", Double.toString(Math.abs(pi - Math.PI)))));
                });
    }

    static JobType sort() {
        return new Simple("sort", "parallel merge sort of random ints, checked sorted",
                List.of(JobParameter.optional("size", "1000000", "how many ints, 0 to 200,000,000"),
                        JobParameter.optional("chunk", "65536", "ints sorted per leaf task"),
                        JobParameter.optional("seed", "42", "random seed")),
                (engine, p) -> {
                    int size = p.intValue("size", 0, 200_000_000);
                    int chunk = p.intValue("chunk", 1, Integer.MAX_VALUE);
                    long seed = p.longValue("seed", Long.MIN_VALUE, Long.MAX_VALUE);
                    int[] values = new SplittableRandom(seed).ints(size).toArray();
                    return then(engine, ParallelSort.submit(engine, values, chunk), "sort.result", (int[] sorted) -> {
                        for (int i = 1; i < sorted.length; i++) {
                            if (sorted[i - 1] > sorted[i]) {
                                throw new IllegalStateException("output not sorted at index " + i);
                            }
                        }
                        long checksum = 0;
                        for (int v : sorted) {
                            checksum = checksum * 31 + v;
                        }
                        Map<String, String> figures = new LinkedHashMap<>();
                        figures.put("size", Integer.toString(sorted.length));
                        figures.put("min", sorted.length == 0 ? "" : Integer.toString(sorted[0]));
                        figures.put("max", sorted.length == 0 ? "" : Integer.toString(sorted[sorted.length - 1]));
                        figures.put("checksum", Long.toHexString(checksum));
                        return new JobResult("sorted " + sorted.length + " ints", figures);
                    });
                });
    }

    static JobType wordCount() {
        return new Simple("wordcount", "word count over text files (UTF-8), most frequent words first",
                List.of(JobParameter.required("files", "comma-separated paths of the input text files"),
                        JobParameter.optional("top", "10", "how many of the most frequent words to report"),
                        JobParameter.optional("split-bytes", "8388608", "bytes per input split (one task each)")),
                (engine, p) -> {
                    var files = p.files("files");
                    int top = p.intValue("top", 0, 1_000_000);
                    long split = p.longValue("split-bytes", 1, Long.MAX_VALUE);
                    return then(engine, WordCount.submit(engine, files, split), "wordcount.result",
                            (List<Pair<String, Long>> counts) -> {
                                Map<String, String> figures = new LinkedHashMap<>();
                                long total = 0;
                                for (Pair<String, Long> c : counts) {
                                    total += c.value();
                                }
                                figures.put("words", Long.toString(total));
                                figures.put("distinct", Integer.toString(counts.size()));
                                StringBuilder summary = new StringBuilder(total + " words, " + counts.size()
                                        + " distinct");
                                for (int i = 0; i < Math.min(top, counts.size()); i++) {
                                    figures.put("top." + (i + 1), counts.get(i).key() + "=" + counts.get(i).value());
                                    summary.append(i == 0 ? ": " : ", ").append(counts.get(i).key()).append(' ')
                                            .append(counts.get(i).value());
                                }
                                return new JobResult(summary.toString(), figures);
                            });
                });
    }

    static JobType matmul() {
        return new Simple("matmul", "dense n x n matrix multiply of random matrices, one task per row block",
                List.of(JobParameter.optional("n", "512", "matrix size, 1 to 8192"),
                        JobParameter.optional("block", "32", "rows of C per task"),
                        JobParameter.optional("seed", "42", "random seed")),
                (engine, p) -> {
                    int n = p.intValue("n", 1, 8192);
                    int block = p.intValue("block", 1, 8192);
                    long seed = p.longValue("seed", Long.MIN_VALUE, Long.MAX_VALUE);
                    MatrixMultiply.Matrix a = MatrixMultiply.Matrix.random(n, seed);
                    MatrixMultiply.Matrix b = MatrixMultiply.Matrix.random(n, seed + 1);
                    return then(engine, MatrixMultiply.submit(engine, a, b, block), "matmul.result",
                            (MatrixMultiply.Matrix c) -> {
                                double trace = 0;
                                for (int i = 0; i < n; i++) {
                                    trace += c.get(i, i);
                                }
                                return new JobResult(n + "x" + n + " product, trace " + trace,
                                        Map.of("n", Integer.toString(n), "trace", Double.toString(trace)));
                            });
                });
    }

    private static <T> Ref<JobResult> then(TaskEngine engine, Ref<T> result, String id, Task.Fn1<T, JobResult> report) {
        return engine.submit(Task.of1(id, report), result);
    }

    @FunctionalInterface
    private interface Starter {
        Ref<JobResult> start(TaskEngine engine, JobParameters parameters);
    }

    private record Simple(String name, String description, List<JobParameter> parameters, Starter starter)
            implements JobType {
        @Override
        public Ref<JobResult> start(TaskEngine engine, JobParameters parameters) {
            return starter.start(engine, parameters);
        }
    }
}
